import { describe, expect, it } from "vitest";
import { stackUnderMocks } from "../../scripts/underMocks/programUnderMocks";
import type { RecordedResource } from "../../scripts/underMocks/mocks";
import { settingsWith, stackSettings } from "../../scripts/underMocks/stacks";
import { scaleSettings } from "../../scripts/underMocks/scaleStack";
import type { ResolvedSettings } from "../../settings/validate";

/**
 * A rule change on Kubernetes is a reload, not a restart (issue 15): the
 * Prometheus pods keep running (their pod template does not change) while
 * the ConfigMaps holding prometheus.yml and the rule files are updated in
 * place under fixed names; Prometheus, with `auto-reload-config`, reads them
 * again by itself once the kubelet has refreshed the mounted files. The live
 * proof is in test/e2e/clusterLive.test.ts.
 */

const runbooks = "https://git.example.com/ops/observability/-/blob/main/docs/runbooks";

interface WorkloadObjects {
  readonly statefulSet: RecordedResource;
  /** The workload's ConfigMaps by the name they are given in the cluster. */
  readonly configMaps: ReadonlyMap<string, Record<string, string>>;
}

/** A Kubernetes stack's StatefulSet of a role and that role's ConfigMaps, under mocks. */
async function workloadObjects(settings: ResolvedSettings, role: "prometheus" | "grafana"): Promise<WorkloadObjects> {
  const { recorder } = await stackUnderMocks(settings);
  const statefulSet = recorder.resources.find(
    (r) => r.type === "kubernetes:apps/v1:StatefulSet" && r.name.includes(role),
  );
  if (statefulSet === undefined) throw new Error(`no ${role} StatefulSet`);
  const configMaps = new Map<string, Record<string, string>>();
  for (const resource of recorder.resources) {
    if (resource.type !== "kubernetes:core/v1:ConfigMap" || !resource.name.includes(`-${role}-`)) continue;
    const inputs = resource.inputs as { metadata: { name?: string }; data: Record<string, string> };
    configMaps.set(inputs.metadata.name ?? `(auto-named) ${resource.name}`, inputs.data);
  }
  return { statefulSet, configMaps };
}

/** The pod template with its data volume claim: what a rollout follows. */
function podTemplateOf(statefulSet: RecordedResource): unknown {
  return (statefulSet.inputs as { spec: { template: unknown } }).spec.template;
}

describe("a rule change on Kubernetes", () => {
  it("updates prometheus.yml's and the rules' ConfigMaps in place and leaves the Prometheus pods alone", async () => {
    const before = await workloadObjects(stackSettings("prod"), "prometheus");
    const after = await workloadObjects(
      settingsWith("prod", { alerting: { ...stackSettings("prod").alerting, runbookBaseUrl: runbooks } }),
      "prometheus",
    );
    expect([...before.configMaps.keys()].sort()).toEqual([
      "prometheus-config-etc-prometheus",
      "prometheus-config-etc-prometheus-rules",
    ]);
    expect([...after.configMaps.keys()].sort()).toEqual([...before.configMaps.keys()].sort());
    const rulesBefore = Object.values(before.configMaps.get("prometheus-config-etc-prometheus-rules") ?? {});
    const rulesAfter = Object.values(after.configMaps.get("prometheus-config-etc-prometheus-rules") ?? {});
    expect(rulesBefore.join("\n")).not.toContain(runbooks);
    expect(rulesAfter.join("\n")).toContain(runbooks);

    expect(podTemplateOf(after.statefulSet)).toEqual(podTemplateOf(before.statefulSet));
    const args = (podTemplateOf(after.statefulSet) as { spec: { containers: { args: string[] }[] } }).spec.containers[0]
      .args;
    expect(args).toContainEqual(expect.stringMatching(/^--enable-feature=.*\bauto-reload-config\b/));
  });

  it("stays a reload at a platform team's scale: an SLO more on 1,000 services rolls nothing", async () => {
    const before = await workloadObjects(scaleSettings("prod", 1000, 199), "prometheus");
    const after = await workloadObjects(scaleSettings("prod", 1000, 200), "prometheus");
    expect(podTemplateOf(after.statefulSet)).toEqual(podTemplateOf(before.statefulSet));
    const parts = [...after.configMaps.keys()].filter((name) =>
      name.startsWith("prometheus-config-etc-prometheus-rules"),
    );
    expect(parts.length).toBeGreaterThanOrEqual(3);
    const changed = parts.filter(
      (name) => JSON.stringify(after.configMaps.get(name)) !== JSON.stringify(before.configMaps.get(name)),
    );
    expect(changed.length).toBeGreaterThanOrEqual(1);
  });
});

interface PrometheusContainers {
  readonly prometheus: RecordedResource;
  readonly loader: RecordedResource;
}

/** The dev stack's Prometheus container and the one-shot loader of its files, under mocks. */
async function prometheusContainers(settings: ResolvedSettings): Promise<PrometheusContainers> {
  const { recorder } = await stackUnderMocks(settings);
  const containers = recorder.resources.filter((r) => r.type === "docker:index/container:Container");
  const named = (name: string) => {
    const found = containers.find((container) => container.inputs["name"] === name);
    if (found === undefined) throw new Error(`no container ${name}`);
    return found;
  };
  return { prometheus: named("obs-dev-prometheus"), loader: named("obs-dev-prometheus-files") };
}

/**
 * On Docker the same change replaces only the one-shot container that writes
 * Prometheus's files to their volume (platform/docker/liveFiles.ts): the
 * Prometheus container's inputs, all ForceNew in the provider, stay equal.
 * The live proof is in test/e2e/devStack.test.ts.
 */
describe("a rule change on Docker", () => {
  const uploadsOf = (loader: RecordedResource) => loader.inputs["uploads"] as { file: string; content: string }[];

  it("rewrites the files volume through the loader and leaves the Prometheus container alone", async () => {
    const before = await prometheusContainers(stackSettings("dev"));
    const after = await prometheusContainers(
      settingsWith("dev", { alerting: { ...stackSettings("dev").alerting, runbookBaseUrl: runbooks } }),
    );
    expect(after.prometheus.inputs).toEqual(before.prometheus.inputs);
    expect(after.prometheus.inputs).not.toHaveProperty("uploads");
    expect(JSON.stringify(uploadsOf(before.loader))).not.toContain(runbooks);
    expect(JSON.stringify(uploadsOf(after.loader))).toContain(runbooks);
    expect(after.prometheus.inputs["command"]).toContainEqual(
      expect.stringMatching(/^--enable-feature=.*\bauto-reload-config\b/),
    );
  });

  it("stays a reload at a platform team's scale: an SLO more on 1,000 services replaces only the loader", async () => {
    const before = await prometheusContainers(scaleSettings("dev", 1000, 199));
    const after = await prometheusContainers(scaleSettings("dev", 1000, 200));
    expect(after.prometheus.inputs).toEqual(before.prometheus.inputs);
    expect(uploadsOf(after.loader)).not.toEqual(uploadsOf(before.loader));
  });
});

describe("Prometheus's files on Docker with TLS and basic auth", () => {
  it("keeps its web files on the volume, secret in the loader, and its certificate an upload outside it", async () => {
    const { prometheus, loader } = await prometheusContainers(
      settingsWith("dev", { tls: { mode: "selfSigned" }, auth: { basicAuth: { enabled: true } } }),
    );
    const files = (container: RecordedResource) =>
      (container.inputs["uploads"] as { file: string }[]).map((upload) => upload.file).sort();
    expect(files(prometheus)).toEqual([
      "/etc/tls/prometheus/ca.crt",
      "/etc/tls/prometheus/tls.crt",
      "/etc/tls/prometheus/tls.key",
    ]);
    expect(prometheus.secretPaths).toContain("/uploads");
    // Uploads need a writable root; the files volume is still mounted read-only.
    expect(prometheus.inputs["readOnly"]).toBe(false);
    expect(prometheus.inputs["volumes"]).toContainEqual(
      expect.objectContaining({ containerPath: "/etc/prometheus", readOnly: true }),
    );
    expect(files(loader)).toEqual(
      expect.arrayContaining(["/etc/prometheus/prometheus.yml", "/etc/prometheus/web/web.yml"]),
    );
    expect(files(loader).every((file) => file.startsWith("/etc/prometheus/"))).toBe(true);
    expect(loader.secretPaths).toContain("/uploads");
  });
});

/**
 * Grafana's provisioned dashboards reload live too: its file provider scans
 * their directories every 30 s (`updateIntervalSeconds`) and saves the ones
 * whose content changed, following the links of a mounted ConfigMap or of
 * the files volume. So a dashboard change updates their ConfigMaps in place
 * on Kubernetes and replaces only the one-shot loader of Grafana's files on
 * Docker; Grafana (one replica on SQLite) keeps running. Grafana cannot run
 * on the machines this project is built on, so its re-reading is upstream's
 * documented behaviour, not observed here; the files reaching the running
 * container are (test/e2e/devStack.test.ts).
 */
describe("a dashboard change", () => {
  const sloMore = (stack: "prod" | "dev") => [scaleSettings(stack, 20, 3), scaleSettings(stack, 20, 4)] as const;

  it("on Kubernetes updates the dashboards' ConfigMaps in place and leaves the Grafana pod alone", async () => {
    const objects = async (settings: ResolvedSettings) => {
      const { statefulSet, configMaps } = await workloadObjects(settings, "grafana");
      const dashboards = new Map(
        [...configMaps].filter(([, data]) => Object.keys(data).every((key) => key.endsWith(".json"))),
      );
      return { statefulSet, dashboards };
    };
    const [fewer, more] = sloMore("prod");
    const before = await objects(fewer);
    const after = await objects(more);
    expect([...after.dashboards.keys()].sort()).toEqual([...before.dashboards.keys()].sort());
    expect(
      [...after.dashboards.keys()].every((name) => name.startsWith("grafana-config-etc-grafana-dashboards-")),
    ).toBe(true);
    const changed = [...after.dashboards.keys()].filter(
      (name) => JSON.stringify(after.dashboards.get(name)) !== JSON.stringify(before.dashboards.get(name)),
    );
    expect(changed.length).toBeGreaterThanOrEqual(1);
    expect(podTemplateOf(after.statefulSet)).toEqual(podTemplateOf(before.statefulSet));
  });

  it("on Docker replaces only the loader of Grafana's dashboards and leaves the Grafana container alone", async () => {
    const containers = async (settings: ResolvedSettings) => {
      const { recorder } = await stackUnderMocks(settings);
      const named = (name: string) => {
        const found = recorder.resources.find(
          (r) => r.type === "docker:index/container:Container" && r.inputs["name"] === name,
        );
        if (found === undefined) throw new Error(`no container ${name}`);
        return found;
      };
      return { grafana: named("obs-dev-grafana"), loader: named("obs-dev-grafana-files") };
    };
    const [fewer, more] = sloMore("dev");
    const before = await containers(fewer);
    const after = await containers(more);
    expect(after.grafana.inputs).toEqual(before.grafana.inputs);
    expect(after.loader.inputs["uploads"]).not.toEqual(before.loader.inputs["uploads"]);
  });
});
