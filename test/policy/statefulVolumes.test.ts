import { describe, expect, it } from "vitest";
import { statefulDataOnVolumes } from "../../policy/policies/statefulVolumes";
import { checkResource, messages } from "./harness";
import {
  alertmanagerStatefulSet,
  copy,
  dockerContainer,
  firstContainer,
  podSpecOfFixture,
  prometheusStatefulSet,
  workload,
} from "./fixtures";

describe("stateful-data-on-volumes on Kubernetes", () => {
  it("passes Prometheus and Alertmanager StatefulSets that mount a claim at their data directory", async () => {
    expect(await checkResource(statefulDataOnVolumes, prometheusStatefulSet())).toEqual([]);
    expect(await checkResource(statefulDataOnVolumes, alertmanagerStatefulSet())).toEqual([]);
  });

  it("rejects a StatefulSet without volumeClaimTemplates", async () => {
    const resource = copy(prometheusStatefulSet());
    delete (resource.props["spec"] as Record<string, unknown>)["volumeClaimTemplates"];
    expect(messages(await checkResource(statefulDataOnVolumes, resource))).toEqual([
      "StatefulSet observability-prod/prometheus: prometheus StatefulSet has no volumeClaimTemplates: its data would die with the pod",
    ]);
  });

  it("rejects a claim mounted somewhere else than the data directory the flags name", async () => {
    const resource = copy(alertmanagerStatefulSet());
    const args = firstContainer(resource)["args"] as string[];
    args[1] = "--storage.path=/data";
    expect(messages(await checkResource(statefulDataOnVolumes, resource))).toEqual([
      "StatefulSet observability-prod/alertmanager: alertmanager container must mount one of its volumeClaimTemplates (data) at its data directory /data",
    ]);
  });

  it("rejects Prometheus as a Deployment", async () => {
    const resource = workload("Deployment", "prometheus", { containers: [] });
    expect(messages(await checkResource(statefulDataOnVolumes, resource))).toEqual([
      "Deployment observability-prod/prometheus: prometheus must run as a StatefulSet with a volumeClaimTemplate for its data (got a Deployment)",
    ]);
  });

  it("leaves other workloads alone", async () => {
    const resource = copy(prometheusStatefulSet());
    (resource.props["metadata"] as Record<string, unknown>)["name"] = "jaeger";
    (resource.props["metadata"] as Record<string, unknown>)["labels"] = {};
    delete podSpecOfFixture(resource)["containers"];
    delete (resource.props["spec"] as Record<string, unknown>)["volumeClaimTemplates"];
    expect(await checkResource(statefulDataOnVolumes, resource)).toEqual([]);
  });
});

describe("stateful-data-on-volumes on Docker", () => {
  it("passes containers with a named volume at their data directory", async () => {
    for (const role of ["prometheus", "alertmanager", "grafana"]) {
      expect(await checkResource(statefulDataOnVolumes, dockerContainer(role))).toEqual([]);
    }
  });

  it("rejects Grafana without a named volume at GF_PATHS_DATA", async () => {
    const resource = dockerContainer("grafana", { envs: ["GF_PATHS_DATA=/data"] });
    expect(messages(await checkResource(statefulDataOnVolumes, resource))).toEqual([
      "container obs-dev-grafana: grafana must mount a named volume at its data directory /data",
    ]);
  });

  it("rejects a host bind mount instead of a named volume, and finds the role by container name", async () => {
    const resource = dockerContainer("prometheus", {
      labels: [],
      volumes: [{ containerPath: "/prometheus", hostPath: "/srv/prometheus", volumeName: "" }],
    });
    expect(messages(await checkResource(statefulDataOnVolumes, resource))).toEqual([
      "container obs-dev-prometheus: prometheus must mount a named volume at its data directory /prometheus",
    ]);
  });

  it("accepts a volume given as a mount", async () => {
    const resource = dockerContainer("alertmanager", {
      volumes: [],
      mounts: [{ type: "volume", source: "am-data", target: "/alertmanager" }],
    });
    expect(await checkResource(statefulDataOnVolumes, resource)).toEqual([]);
  });

  it("leaves stateless containers alone", async () => {
    expect(await checkResource(statefulDataOnVolumes, dockerContainer("blackbox-exporter"))).toEqual([]);
  });
});
