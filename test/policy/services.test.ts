import { describe, expect, it } from "vitest";
import { noExternalServices } from "../../policy/policies/services";
import { checkResource, messages } from "./harness";
import { service } from "./fixtures";

describe("no-external-services", () => {
  it("passes ClusterIP and headless Services", async () => {
    expect(await checkResource(noExternalServices, service("grafana"))).toEqual([]);
    expect(
      await checkResource(noExternalServices, service("alertmanager-headless", { type: undefined, clusterIP: "None" })),
    ).toEqual([]);
  });

  it("rejects LoadBalancer and NodePort Services and external IPs", async () => {
    expect(messages(await checkResource(noExternalServices, service("grafana", { type: "LoadBalancer" })))).toEqual([
      "Service observability-prod/grafana is of type LoadBalancer; use ClusterIP behind the Ingress",
    ]);
    expect(
      messages(
        await checkResource(noExternalServices, service("grafana", { type: "NodePort", externalIPs: ["203.0.113.7"] })),
      ),
    ).toEqual([
      "Service observability-prod/grafana is of type NodePort; use ClusterIP behind the Ingress",
      "Service observability-prod/grafana has externalIPs (203.0.113.7); use the Ingress",
    ]);
  });
});
