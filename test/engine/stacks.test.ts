import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { engineUnderTest, EngineProject, previewSteps, resourceOf } from "../helpers/engine";
import { unknownFields, validateKubernetesObject } from "../helpers/kubernetesModels";
import { everySelectablePack, type StackName } from "../../scripts/underMocks/stacks";
import { scaleServices } from "../../scripts/underMocks/scaleStack";
import { removeTempDir } from "../helpers/tempFiles";

// The real Pulumi engine (built from Go modules by scripts/engine) on the
// Kubernetes stacks, through the Automation API, with the local file backend
// and the Kubernetes provider's renderYamlToDirectory: no cluster, no network.
const engine = engineUnderTest();
const minutes = 60_000;

const stateful = /^kubernetes:(apps\/v1:StatefulSet|core\/v1:PersistentVolumeClaim)$/;

/**
 * What the API server stores of a ConfigMap's or Secret's data at most
 * (1 MiB); a larger one is refused at apply time, which rendering never sees.
 */
const maxDataBytes = 1024 * 1024;

/** Bytes of a rendered ConfigMap's or Secret's data, as the API server counts them. */
function dataBytes(object: Record<string, unknown>): number {
  let total = 0;
  for (const field of ["data", "binaryData", "stringData"]) {
    const data = (object[field] ?? {}) as Record<string, string>;
    const base64 = field === "binaryData" || (field === "data" && object["kind"] === "Secret");
    for (const [key, value] of Object.entries(data))
      total += key.length + (base64 ? Buffer.from(value, "base64").length : Buffer.byteLength(value));
  }
  return total;
}

const variants = [
  { title: "staging", name: "staging", everyPack: false, scale: false },
  { title: "prod", name: "prod", everyPack: false, scale: false },
  { title: "prod with every selectable pack", name: "prod", everyPack: true, scale: false },
  // A platform team's scale (issue 15): rule files and dashboards split across objects.
  { title: "prod with 1,000 services and 200 SLOs", name: "prod", everyPack: false, scale: true },
] as const satisfies readonly { title: string; name: StackName; everyPack: boolean; scale: boolean }[];

describe.runIf(engine !== undefined).each(variants)("the engine on $title", ({ name, everyPack, scale }) => {
  let project: EngineProject;
  let stack: Stack;
  let secrets: string[];

  beforeAll(async () => {
    if (engine === undefined) return;
    project = new EngineProject(engine);
    if (everyPack) project.setInStackFile(name, "packs", everySelectablePack("team-slack"));
    // In a service file: the engine hands a stack file's config to the
    // program in one environment variable, too small for 1,000 services.
    if (scale) project.addServiceFile(name, "scale", scaleServices(name, 1000, 200));
    ({ stack, secrets } = await project.initStack(name));
  }, 5 * minutes);
  afterAll(() => {
    if (project !== undefined) removeTempDir(project.root);
  });

  it(
    "previews the stack: everything to create, nothing else",
    async () => {
      const result = await stack.preview();
      const summary = result.changeSummary;
      expect(Object.keys(summary)).toEqual(["create"]);
      expect(summary.create).toBeGreaterThan(50);
    },
    10 * minutes,
  );

  it(
    "runs up, writing manifests the Kubernetes API schema accepts, with no unknown field",
    async () => {
      const result = await stack.up();
      expect(result.summary.result).toBe("succeeded");
      expect(Object.keys(result.summary.resourceChanges ?? {})).toEqual(["create"]);
      const manifests = path.join(project.renderDir(name), "1-manifest");
      const files = fs.readdirSync(manifests).filter((file) => file.endsWith(".yaml"));
      expect(files.length).toBeGreaterThan(50);
      const kinds = new Set<string>();
      for (const file of files) {
        for (const document of parseAllDocuments(fs.readFileSync(path.join(manifests, file), "utf8"))) {
          const object = document.toJS() as Record<string, unknown> | null;
          if (object === null) continue;
          kinds.add(String(object["kind"]));
          expect(() => validateKubernetesObject(object), file).not.toThrow();
          expect(unknownFields(object), file).toEqual([]);
          expect(dataBytes(object), file).toBeLessThanOrEqual(maxDataBytes);
        }
      }
      expect([...kinds]).toEqual(
        expect.arrayContaining(["StatefulSet", "Deployment", "DaemonSet", "Secret", "NetworkPolicy", "Ingress"]),
      );
    },
    15 * minutes,
  );

  it(
    "previews no change right after up: the program is deterministic",
    async () => {
      const result = await stack.preview({ expectNoChanges: true });
      expect(Object.keys(result.changeSummary)).toEqual(["same"]);
    },
    10 * minutes,
  );

  it(
    "keeps every secret out of the state in plain text",
    async () => {
      const outputs = await stack.outputs();
      expect(outputs["basicAuthPassword"]?.secret).toBe(true);
      expect(outputs["grafanaAdminPassword"]?.secret).toBe(true);
      const exported = ["grafanaAdminPassword", "basicAuthPassword"]
        .map((output) => outputs[output]?.value as unknown)
        .filter((value): value is string => typeof value === "string" && value.length > 0);
      expect(exported).toHaveLength(2);
      const state = project.stateFile(name);
      for (const value of new Set([...secrets, ...exported]))
        expect(state.includes(value), "a secret in plain text").toBe(false);
      expect(state).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      expect(state).toContain("4dabf18193072939515e22adb298388d"); // Pulumi's secret signature: secrets are there, encrypted
    },
    5 * minutes,
  );

  it(
    "shows a routing change as a new Alertmanager config Secret and the StatefulSet's rollout, replacing no stateful workload",
    async () => {
      await stack.setConfig("observability:alerting.groupWait", { value: "45s" }, true);
      const { steps, stdout } = await previewSteps(stack);
      const changed = steps.filter((step) => step.op !== "same");
      // alertmanager.yml lives in an immutable Secret named after its content:
      // a new one is made before the old one goes, and the StatefulSet's
      // pod template switches to it, which rolls the pods one by one.
      const secret = "kubernetes:core/v1:Secret::observability-alertmanager-config-etc-alertmanager";
      expect(changed.map((step) => `${step.op} ${resourceOf(step.urn)}`).sort()).toEqual([
        `create-replacement ${secret}`,
        `delete-replaced ${secret}`,
        `replace ${secret}`,
        "update kubernetes:apps/v1:StatefulSet::observability-alertmanager-statefulset",
      ]);
      expect(stdout).toMatch(/~ 1 to update/);
      expect(stdout).toMatch(/\+-1 to replace/);
      for (const value of secrets) expect(stdout.includes(value), "a secret in the diff").toBe(false);
    },
    10 * minutes,
  );

  it(
    "shows a retention change as an in-place update of Prometheus's StatefulSet",
    async () => {
      await stack.setConfig("observability:alerting.groupWait", { value: "30s" }, true);
      await stack.setConfig("observability:prometheus.retention.time", { value: "21d" }, true);
      const { steps } = await previewSteps(stack);
      const changed = steps.filter((step) => step.op !== "same");
      expect(changed.map((step) => `${step.op} ${resourceOf(step.urn)}`)).toEqual([
        "update kubernetes:apps/v1:StatefulSet::observability-prometheus-statefulset",
      ]);
      // Only the server's flags change (--storage.tsdb.retention.time): same pods, same volume claims.
      const diff = changed[0]?.detailedDiff ?? {};
      expect(Object.keys(diff)).toEqual([
        expect.stringMatching(/^spec\.template\.spec\.containers\[0\]\.args\[\d+\]$/),
      ]);
      expect(Object.values(diff).map((change) => change.diffKind)).toEqual(["update"]);
      for (const step of steps) if (stateful.test(step.type)) expect(step.op, step.urn).toMatch(/^(same|update)$/);
    },
    10 * minutes,
  );

  it(
    "shows a rule change as an in-place update of Prometheus's rules ConfigMaps, rolling no pod",
    async () => {
      await stack.removeConfig("observability:prometheus.retention.time", true);
      await stack.setConfig(
        "observability:alerting.runbookBaseUrl",
        { value: "https://git.example.test/ops/observability/-/blob/main/docs/runbooks" },
        true,
      );
      const { steps } = await previewSteps(stack);
      const changed = steps.filter((step) => step.op !== "same").map((step) => `${step.op} ${resourceOf(step.urn)}`);
      // Prometheus reads its rule files again by itself (auto-reload-config):
      // the kubelet refreshes the mounted ConfigMaps, no pod template changes.
      expect(changed.length).toBeGreaterThan(0);
      for (const step of changed) {
        expect(step).toMatch(
          /^update kubernetes:core\/v1:ConfigMap::observability-prometheus-config-etc-prometheus-rules(-part\d+)?$/,
        );
      }
    },
    10 * minutes,
  );

  // Grafana's file provider reads changed dashboards again by itself every 30 s.
  // Only the large stack has SLOs (and their dashboards) to change.
  if (scale)
    it(
      "shows an SLO objective change as in-place updates of the rules' and dashboards' ConfigMaps, rolling no pod",
      async () => {
        const services = scaleServices(name, 1000, 200);
        project.addServiceFile(name, "scale", [
          { ...services[0], slos: [{ type: "availability", objective: 99.9 }] },
          ...services.slice(1),
        ]);
        const { steps } = await previewSteps(stack);
        const changed = steps.filter((step) => step.op !== "same").map((step) => `${step.op} ${resourceOf(step.urn)}`);
        // The rule change of the test before is still in the preview: the stack ran no up since.
        for (const step of changed) {
          expect(step).toMatch(
            /^update kubernetes:core\/v1:ConfigMap::observability-(prometheus-config-etc-prometheus-rules|grafana-config-etc-grafana-dashboards-[a-z0-9-]+?)(-part\d+)?$/,
          );
        }
        expect(
          changed.filter((step) => step.includes("grafana-config-etc-grafana-dashboards-")).length,
        ).toBeGreaterThan(0);
      },
      10 * minutes,
    );
});
