import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { deployedEngine, EngineProject } from "../helpers/engine";
import { unknownFields, validateKubernetesObject } from "../helpers/kubernetesModels";
import type { StackName } from "../helpers/stacks";
import { removeTempDir } from "../helpers/tempFiles";

// The real Pulumi engine (built from Go modules by scripts/engine) on the
// Kubernetes stacks, with the local file backend and the Kubernetes
// provider's renderYamlToDirectory: no cluster, no network.
const engine = deployedEngine();
const minutes = 60_000;

interface PreviewStep {
  readonly op: string;
  readonly urn: string;
  readonly diffReasons?: string[];
}

/** `type::name` of a URN, the part that says which resource it is. */
function resourceOf(urn: string): string {
  const parts = urn.split("::");
  return `${parts[2]?.split("$").pop() ?? "?"}::${parts[3] ?? "?"}`;
}

describe.runIf(engine !== undefined).each(["staging", "prod"] as const)("the engine on %s", (stack: StackName) => {
  let project: EngineProject;
  let secrets: string[];

  beforeAll(() => {
    project = new EngineProject(engine ?? "");
    secrets = project.initStack(stack);
  }, 5 * minutes);
  afterAll(() => {
    if (project !== undefined) removeTempDir(project.root);
  });

  it(
    "previews the stack",
    () => {
      const out = project.mustPulumi(["preview", "--stack", stack]);
      expect(out).toMatch(/\+ \d+ to create/);
    },
    10 * minutes,
  );

  it(
    "runs up, writing manifests the Kubernetes API schema accepts, with no unknown field",
    () => {
      const out = project.mustPulumi(["up", "--yes", "--skip-preview", "--stack", stack]);
      expect(out).toMatch(/\d+ created/);
      const manifests = path.join(project.renderDir(stack), "1-manifest");
      const files = fs.readdirSync(manifests).filter((file) => file.endsWith(".yaml"));
      expect(files.length).toBeGreaterThan(30);
      const kinds = new Set<string>();
      for (const file of files) {
        for (const document of parseAllDocuments(fs.readFileSync(path.join(manifests, file), "utf8"))) {
          const object = document.toJS() as Record<string, unknown> | null;
          if (object === null) continue;
          kinds.add(String(object["kind"]));
          expect(() => validateKubernetesObject(object), file).not.toThrow();
          expect(unknownFields(object), file).toEqual([]);
        }
      }
      expect([...kinds]).toEqual(
        expect.arrayContaining(["StatefulSet", "Deployment", "Secret", "NetworkPolicy", "Ingress"]),
      );
    },
    15 * minutes,
  );

  it(
    "previews no change right after up: the program is deterministic",
    () => {
      const result = project.pulumi(["preview", "--expect-no-changes", "--stack", stack]);
      expect(result.status, result.transcript.slice(-6000)).toBe(0);
    },
    10 * minutes,
  );

  it(
    "keeps every secret out of the state in plain text",
    () => {
      const outputs = JSON.parse(
        project.mustPulumi(["stack", "output", "--json", "--show-secrets", "--stack", stack]),
      ) as Record<string, unknown>;
      const generated = ["grafanaAdminPassword", "basicAuthPassword"]
        .map((name) => outputs[name])
        .filter((value): value is string => typeof value === "string" && value.length > 0);
      expect(generated.length).toBeGreaterThan(0);
      const state = project.stateFile(stack);
      for (const value of [...secrets, ...generated])
        expect(state.includes(value), "a secret in plain text").toBe(false);
      expect(state).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      expect(state).toContain("4dabf18193072939515e22adb298388d"); // Pulumi's secret signature: secrets are there, encrypted
    },
    5 * minutes,
  );

  it(
    "shows a config change as exactly the expected updates, replacing no stateful workload",
    () => {
      project.mustPulumi(["config", "set", "--path", "--stack", stack, "observability:alerting.groupWait", "45s"]);
      const preview = JSON.parse(project.mustPulumi(["preview", "--json", "--diff", "--stack", stack])) as {
        steps?: PreviewStep[];
      };
      const changed = (preview.steps ?? []).filter((step) => step.op !== "same");
      expect(changed.map((step) => step.op)).toEqual(changed.map(() => "update"));
      // alertmanager.yml lives in a Secret; the StatefulSet's checksum annotation rolls the pods.
      expect(changed.map((step) => resourceOf(step.urn)).sort()).toEqual([
        expect.stringMatching(/^kubernetes:apps\/v1:StatefulSet::.*alertmanager/),
        expect.stringMatching(/^kubernetes:core\/v1:Secret::.*alertmanager/),
      ]);
    },
    10 * minutes,
  );
});
