import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it, beforeAll } from "vitest";
import type { RecordedResource } from "../../scripts/underMocks/mocks";
import { runProgramUnderMocks, settle, type ProgramRun } from "../../scripts/underMocks/programUnderMocks";
import { stackSettings, testSecretValues, type StackName } from "../../scripts/underMocks/stacks";
import { mockPrivateKeyMarker, tlsTypes } from "../../scripts/underMocks/tlsMocks";

export const componentTypes = [
  "observability:index:ObservabilityStack",
  "observability:index:Prometheus",
  "observability:index:Alertmanager",
  "observability:index:Grafana",
  "observability:index:Jaeger",
  "observability:index:Exporters",
];

/** `type::name` of a resource's parent, from its URN (`…::parentType$childType::name`). */
export function parentOf(resource: RecordedResource): string | undefined {
  const urn = resource.parentUrn;
  if (urn === undefined) return undefined;
  const [, , typeChain, name] = urn.split("::");
  return `${typeChain.split("$").pop()}::${name}`;
}

/** Every string leaf of a value with its JSON-pointer-like path. */
export function stringLeaves(value: unknown, path = ""): [string, string][] {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringLeaves(item, `${path}/${index}`));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => stringLeaves(inner, `${path}/${key}`));
  }
  return [];
}

/** The secret values a stack run carries: configured test values and generated ones. */
export function secretValuesOf(stack: StackName, run: ProgramRun): string[] {
  const generated = run.resources
    .filter((resource) => resource.type === "random:index/randomPassword:RandomPassword")
    .map((resource) => String(resource.state["result"]));
  // Every mock private key carries this marker (scripts/underMocks/tlsMocks.ts).
  const privateKeys = run.resources.some((resource) => resource.type === tlsTypes.privateKey)
    ? [mockPrivateKeyMarker]
    : [];
  return [...Object.values(testSecretValues(stackSettings(stack))), ...generated, ...privateKeys];
}

/**
 * The checks every stack passes under mocks: it evaluates, its resources
 * hang under the right components with `${component}-<part>` names, and its
 * secrets stay secret. Target-specific checks live in each stack's file.
 */
export function describeStackBasics(stack: StackName, getRun: () => ProgramRun): void {
  describe(`${stack} stack under mocks`, () => {
    it("registers each component once, under ObservabilityStack", () => {
      const run = getRun();
      for (const type of componentTypes) {
        expect(
          run.resources.filter((resource) => resource.type === type),
          type,
        ).toHaveLength(1);
      }
      for (const resource of run.resources.filter((r) => componentTypes.slice(1).includes(r.type))) {
        expect(parentOf(resource)).toBe("observability:index:ObservabilityStack::observability");
      }
    });

    it("parents every resource to a component whose name prefixes its own", () => {
      const run = getRun();
      const leaves = run.resources.filter(
        (resource) => !resource.type.startsWith("pulumi:") && resource.type !== componentTypes[0],
      );
      expect(leaves.length).toBeGreaterThan(10);
      for (const resource of leaves) {
        const parent = parentOf(resource);
        expect(parent, `${resource.type}::${resource.name} has no parent`).toBeDefined();
        const [parentType, parentName] = parent!.split("::");
        expect(componentTypes, `${resource.name}'s parent`).toContain(parentType);
        expect(resource.name.startsWith(`${parentName}-`), `${resource.name} under ${parentName}`).toBe(true);
      }
    });

    it("keeps every secret value out of plain inputs", () => {
      const run = getRun();
      const secrets = secretValuesOf(stack, run);
      expect(secrets.length).toBeGreaterThan(0);
      let found = 0;
      for (const resource of run.resources) {
        for (const [path, text] of stringLeaves(resource.inputs)) {
          if (!secrets.some((secret) => text.includes(secret))) continue;
          found++;
          const secretPath = resource.secretPaths.some((p) => path === p || path.startsWith(`${p}/`));
          expect(secretPath, `${resource.type}::${resource.name}${path} carries a secret in plain text`).toBe(true);
          expect(resource.type, `${resource.name}${path}`).toMatch(
            /^(kubernetes:core\/v1:Secret|docker:index\/container:Container|random:index\/randomPassword:RandomPassword|tls:index\/(certRequest|locallySignedCert|selfSignedCert):\w+)$/,
          );
        }
      }
      // The secrets do reach the workloads (Grafana's password at least).
      expect(found).toBeGreaterThan(0);
    });

    it("lets no secret value into a stack output that is not itself secret", async () => {
      const run = getRun();
      const secrets = secretValuesOf(stack, run);
      for (const [name, output] of Object.entries(run.outputs)) {
        if (pulumi.Output.isInstance(output) && (await pulumi.isSecret(output))) continue;
        const text = JSON.stringify(await settle(output)) ?? "";
        for (const secret of secrets) expect(text.includes(secret), `output ${name}`).toBe(false);
      }
    });

    it("exports the addresses and keeps the admin password a secret output", async () => {
      const { outputs } = getRun();
      expect(await pulumi.isSecret(outputs["grafanaAdminPassword"] as pulumi.Output<string>)).toBe(true);
      // Every exported address carries the scheme the stack serves.
      const scheme = stackSettings(stack).tls.mode === "none" ? "http" : "https";
      expect(await settle(outputs["prometheusAddress"])).toMatch(new RegExp(`^${scheme}://prometheus[.:].*9090$`));
      expect(await settle(outputs["alertmanagerAddress"])).toMatch(new RegExp(`^${scheme}://alertmanager[.:].*9093$`));
      expect(await settle(outputs["otlpGrpcEndpoint"])).toMatch(new RegExp(`^${scheme}://jaeger[.:].*4317$`));
      expect(await settle(outputs["otlpHttpEndpoint"])).toMatch(new RegExp(`^${scheme}://jaeger[.:].*4318$`));
      expect(await settle(outputs["datasourceUids"])).toEqual({
        prometheus: "prometheus",
        alertmanager: "alertmanager",
        jaeger: "jaeger",
      });
      expect(await pulumi.isSecret(outputs["basicAuthPassword"] as pulumi.Output<string>)).toBe(true);
      const settings = stackSettings(stack);
      expect(await settle(outputs["basicAuthUser"])).toBe(settings.auth.basicAuth.enabled ? "observability" : "");
      const ca = await settle(outputs["caCertificate"]);
      if (settings.tls.mode === "selfSigned") expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
      else expect(ca).toBe("");
      for (const url of ["grafanaUrl", "prometheusUrl", "alertmanagerUrl"]) {
        expect(await settle(outputs[url]), url).toMatch(/^https?:\/\/[^/]+\/$/);
      }
      // The Jaeger UI has no auth of its own: on Kubernetes without a proxy it gets no URL.
      const jaegerUrl = await settle(outputs["jaegerUrl"]);
      if (settings.target === "docker") expect(jaegerUrl).toBe("http://127.0.0.1:16686/");
      else expect(jaegerUrl).toBe("");
    });
  });
}

/** Runs the program once for the file's stack and hands the run to the checks. */
export function runStackOnce(stack: StackName): () => ProgramRun {
  let run: ProgramRun | undefined;
  beforeAll(async () => {
    run = await runProgramUnderMocks(stack);
  });
  return () => {
    if (run === undefined) throw new Error("the program did not run");
    return run;
  };
}
