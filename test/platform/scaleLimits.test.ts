import { describe, expect, it } from "vitest";
import { maxObjectBytes } from "../../platform/kubernetes/configFiles";
import { stackUnderMocks } from "../../scripts/underMocks/programUnderMocks";
import { scaleSettings } from "../../scripts/underMocks/scaleStack";
import type { RecordedResource } from "../../scripts/underMocks/mocks";
import { validateKubernetesObject } from "../helpers/kubernetesModels";

/**
 * The platforms' limits at a platform team's scale (issue 15): 1,000
 * services, 200 SLOs over 100 of them. Rule files and SLO dashboards then
 * outgrow one ConfigMap, so their directories are split into parts that a
 * projected volume mounts together.
 */

/** The API server refuses a ConfigMap or Secret over 1 MiB. */
const kubernetesObjectLimit = 1024 * 1024;
/** The Pulumi SDKs raise the engine's gRPC message limit from 4 MiB to 400 MiB: one resource's inputs must fit. */
const engineMessageLimit = 400 * 1024 * 1024;

function dataBytes(resource: RecordedResource): number {
  const inputs = resource.inputs as { data?: Record<string, string>; stringData?: Record<string, string> };
  const data = { ...inputs.data, ...inputs.stringData };
  return Object.entries(data).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
}

describe("prod at 1,000 services and 200 SLOs", async () => {
  const { recorder } = await stackUnderMocks(scaleSettings("prod", 1000, 200));
  const objects = recorder.resources.filter((r) => /^kubernetes:core\/v1:(ConfigMap|Secret)$/.test(r.type));

  it("keeps every ConfigMap and Secret under the API server's 1 MiB", () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) {
      const bytes = dataBytes(object);
      expect(bytes, object.name).toBeLessThanOrEqual(maxObjectBytes);
      expect(JSON.stringify(object.inputs).length, object.name).toBeLessThan(kubernetesObjectLimit);
    }
  });

  it("splits the rule files and the services' SLO dashboards into parts mounted together", () => {
    const parts = (slug: string) => objects.filter((object) => object.name.includes(slug)).map((object) => object.name);
    const rules = parts("config-etc-prometheus-rules");
    const dashboards = parts("config-etc-grafana-dashboards-services");
    expect(rules.length).toBeGreaterThanOrEqual(3);
    expect(dashboards.length).toBeGreaterThanOrEqual(4);
    expect(rules).toContain("observability-prometheus-config-etc-prometheus-rules");
    expect(rules).toContain("observability-prometheus-config-etc-prometheus-rules-part2");

    const statefulSet = recorder.resources.find(
      (r) => r.type === "kubernetes:apps/v1:StatefulSet" && r.name.includes("prometheus"),
    );
    const volumes = (statefulSet?.inputs as { spec: { template: { spec: { volumes: Record<string, unknown>[] } } } })
      .spec.template.spec.volumes;
    const rulesVolume = volumes.find((volume) => volume["name"] === "config-etc-prometheus-rules") as {
      projected?: { sources: { configMap: { name: string } }[] };
    };
    expect(rulesVolume.projected?.sources).toHaveLength(rules.length);
  });

  it("gives the API server objects its schema accepts, projected volumes included", () => {
    for (const resource of recorder.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
      validateKubernetesObject(resource.state);
    }
  });

  it("keeps every resource's inputs within the engine's message limit", () => {
    for (const resource of recorder.resources) {
      expect(JSON.stringify(resource.inputs).length, resource.name).toBeLessThan(engineMessageLimit);
    }
  });
});

describe("dev at 1,000 services and 200 SLOs", async () => {
  const { recorder } = await stackUnderMocks(scaleSettings("dev", 1000, 200));

  it("uploads every file to its container within the engine's message limit", () => {
    const containers = recorder.resources.filter((r) => r.type === "docker:index/container:Container");
    const sizes = containers.map((container) => JSON.stringify(container.inputs).length);
    expect(Math.max(...sizes)).toBeGreaterThan(1024 * 1024);
    for (const size of sizes) expect(size).toBeLessThan(engineMessageLimit);
  });
});
