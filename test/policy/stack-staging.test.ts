import { beforeAll, describe, expect, it } from "vitest";
import type { StackResource } from "./harness";
import { stackResources, violationsOf, withChange } from "./stackUnderPolicy";

// One stack per file: Pulumi's runtime state (mocks, config) is global per process.

let resources: StackResource[];

beforeAll(async () => {
  resources = await stackResources("staging");
});

describe("the staging stack under the policy pack", () => {
  it("produces zero violations, checked as staging", async () => {
    expect(resources.filter((resource) => resource.type.startsWith("kubernetes:apps/v1:")).length).toBeGreaterThan(4);
    expect(await violationsOf(resources, "staging")).toEqual([]);
  });

  it("forbids insecure_skip_verify in staging already", async () => {
    const changed = withChange(
      resources,
      "kubernetes:core/v1:ConfigMap",
      "observability-prometheus-config-etc-prometheus",
      (props) => {
        const data = props["data"] as Record<string, string>;
        data["prometheus.yml"] = data["prometheus.yml"].replace(
          "tls_config:\n      ca_file:",
          "tls_config:\n      insecure_skip_verify: true\n      ca_file:",
        );
      },
    );
    expect((await violationsOf(changed, "staging")).map((violation) => violation.policy)).toContain(
      "no-insecure-skip-verify",
    );
  });

  it("leaves the prod-only rules (replicas, TLS everywhere) to prod", async () => {
    const single = withChange(
      resources,
      "kubernetes:apps/v1:StatefulSet",
      "observability-prometheus-statefulset",
      (props) => {
        (props["spec"] as Record<string, unknown>)["replicas"] = 1;
      },
    );
    expect(await violationsOf(single, "staging")).toEqual([]);
  });
});
