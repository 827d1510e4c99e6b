import { describe, expect, it } from "vitest";
import { replicasForHighAvailability } from "../../policy/policies/replicas";
import { checkResource, environmentConfig, messages } from "./harness";
import { alertmanagerPeers, alertmanagerStatefulSet, copy, prometheusStatefulSet } from "./fixtures";

const prod = environmentConfig("prod");

describe("replicas-for-high-availability", () => {
  it("passes 2 Prometheus and 3 peered Alertmanager replicas in prod", async () => {
    expect(await checkResource(replicasForHighAvailability, prometheusStatefulSet(), prod)).toEqual([]);
    expect(await checkResource(replicasForHighAvailability, alertmanagerStatefulSet(), prod)).toEqual([]);
  });

  it("rejects a single Prometheus in prod, and checks prod when no environment is configured", async () => {
    const resource = copy(prometheusStatefulSet());
    delete (resource.props["spec"] as Record<string, unknown>)["replicas"];
    const expected = [
      "StatefulSet observability-prod/prometheus: prometheus needs at least 2 replicas in prod (got 1)",
    ];
    expect(messages(await checkResource(replicasForHighAvailability, resource, prod))).toEqual(expected);
    expect(messages(await checkResource(replicasForHighAvailability, resource))).toEqual(expected);
  });

  it("rejects 2 Alertmanagers, and an Alertmanager replica nobody names as a peer", async () => {
    expect(messages(await checkResource(replicasForHighAvailability, alertmanagerStatefulSet(2), prod))).toEqual([
      "StatefulSet observability-prod/alertmanager: alertmanager needs at least 3 replicas in prod (got 2)",
    ]);
    const unpeered = alertmanagerStatefulSet(4, alertmanagerPeers(3));
    expect(messages(await checkResource(replicasForHighAvailability, unpeered, prod))).toEqual([
      "StatefulSet observability-prod/alertmanager: alertmanager args need a --cluster.peer for every replica; missing alertmanager-3",
    ]);
  });

  it("does not apply in dev and staging", async () => {
    const single = alertmanagerStatefulSet(1, []);
    for (const environment of ["dev", "staging"] as const) {
      expect(await checkResource(replicasForHighAvailability, single, environmentConfig(environment))).toEqual([]);
    }
  });
});
