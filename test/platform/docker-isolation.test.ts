import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(__dirname, "../..");

/**
 * Loads modules in a fresh Node process (through tsx, as the Pulumi language
 * host would load the program) and returns which provider SDKs ended up in
 * the CommonJS module cache.
 */
function sdkModulesLoadedBy(requires: readonly string[]): { kubernetes: number; docker: number } {
  const script = [
    ...requires.map((request) => `require(${JSON.stringify(request)});`),
    "const loaded = Object.keys(require.cache);",
    "const { sep } = require('node:path');",
    "const count = (sdk) => loaded.filter((file) => file.includes(sep + '@pulumi' + sep + sdk + sep)).length;",
    "process.stdout.write(JSON.stringify({ kubernetes: count('kubernetes'), docker: count('docker') }));",
  ].join("\n");
  const output = execFileSync(process.execPath, ["--import", "tsx", "-e", script], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 60_000,
  });
  return JSON.parse(output) as { kubernetes: number; docker: number };
}

describe("platform/docker module graph", () => {
  it("loads @pulumi/docker and never @pulumi/kubernetes", () => {
    const loaded = sdkModulesLoadedBy(["./platform/docker"]);
    expect(loaded.docker).toBeGreaterThan(0);
    expect(loaded.kubernetes).toBe(0);
  });

  it("detects @pulumi/kubernetes when something does load it (the check above can fail)", () => {
    const loaded = sdkModulesLoadedBy(["./platform/docker", "@pulumi/kubernetes"]);
    expect(loaded.kubernetes).toBeGreaterThan(0);
  });
});
