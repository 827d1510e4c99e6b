import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..", "..");

interface Loaded {
  readonly resources: number;
  readonly sdks: string[];
  readonly packages: string[];
}

const loadedByStack = new Map<string, Loaded>();

/**
 * The provider SDKs and packages a fresh node process loads while evaluating
 * a stack (scripts/benchProgram.ts); one process per stack for the whole file.
 */
function sdksLoadedBy(stack: string): Loaded {
  const known = loadedByStack.get(stack);
  if (known !== undefined) return known;
  const output = execFileSync(process.execPath, ["--import", "tsx", "scripts/benchProgram.ts", stack], {
    cwd: root,
    encoding: "utf8",
  });
  const loaded = JSON.parse(output.trim().split("\n").pop()!) as Loaded;
  loadedByStack.set(stack, loaded);
  return loaded;
}

describe("each stack loads only the SDKs of its target", () => {
  it("dev loads docker and random, never kubernetes or the Grafana provider", () => {
    const { sdks, resources } = sdksLoadedBy("dev");
    expect(resources).toBeGreaterThan(10);
    expect(sdks).toEqual(["@pulumi/docker", "@pulumi/pulumi", "@pulumi/random"]);
  });

  it("prod loads kubernetes, random (basic-auth password) and tls (its CA), never docker or the Grafana provider", () => {
    const { sdks, resources } = sdksLoadedBy("prod");
    expect(resources).toBeGreaterThan(40);
    expect(sdks).toEqual(["@pulumi/kubernetes", "@pulumi/pulumi", "@pulumi/random", "@pulumi/tls"]);
  });

  // Judging routes parses PromQL only for a matcher the labels rules set cannot decide.
  it("neither shipped stack loads the PromQL grammar: dev has no routes, prod's match on severity", () => {
    expect(sdksLoadedBy("dev").packages).not.toContain("@prometheus-io/lezer-promql");
    expect(sdksLoadedBy("prod").packages).not.toContain("@prometheus-io/lezer-promql");
  });
});
