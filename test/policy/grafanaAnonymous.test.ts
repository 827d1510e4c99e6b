import { describe, expect, it } from "vitest";
import { grafanaNoAnonymous } from "../../policy/policies/grafanaAnonymous";
import { checkResource, messages } from "./harness";
import { configMap, dockerContainer, grafanaStatefulSet } from "./fixtures";

describe("grafana-no-anonymous", () => {
  it("passes Grafana with anonymous access off, on Kubernetes and Docker", async () => {
    const kubernetes = grafanaStatefulSet({ GF_AUTH_ANONYMOUS_ENABLED: "false", GF_SERVER_PROTOCOL: "https" });
    expect(await checkResource(grafanaNoAnonymous, kubernetes)).toEqual([]);
    const docker = dockerContainer("grafana", { envs: ["GF_AUTH_ANONYMOUS_ENABLED=false"] });
    expect(await checkResource(grafanaNoAnonymous, docker)).toEqual([]);
  });

  it("rejects anonymous access on Kubernetes, in any spelling Grafana reads as true", async () => {
    for (const value of ["true", "True", "1"]) {
      const resource = grafanaStatefulSet({ GF_AUTH_ANONYMOUS_ENABLED: value });
      expect(messages(await checkResource(grafanaNoAnonymous, resource))).toEqual([
        "StatefulSet observability-prod/grafana: containers 'grafana' enables anonymous Grafana; set GF_AUTH_ANONYMOUS_ENABLED=false and sign in (admin, basic auth or OIDC)",
      ]);
    }
  });

  it("reads the last of duplicate env entries, as the kubelet does", async () => {
    const resource = grafanaStatefulSet({ GF_SERVER_PROTOCOL: "https" });
    const podSpec = ((resource.props["spec"] as Record<string, unknown>)["template"] as Record<string, unknown>)[
      "spec"
    ];
    const [container] = (podSpec as { containers: { env: { name: string; value: string }[] }[] }).containers;
    container.env.push(
      { name: "GF_AUTH_ANONYMOUS_ENABLED", value: "false" },
      { name: "GF_AUTH_ANONYMOUS_ENABLED", value: "true" },
    );
    expect(await checkResource(grafanaNoAnonymous, resource)).toHaveLength(1);
  });

  it("rejects anonymous access on Docker", async () => {
    const resource = dockerContainer("grafana", { envs: ["GF_AUTH_ANONYMOUS_ENABLED=true"] });
    expect(messages(await checkResource(grafanaNoAnonymous, resource))).toEqual([
      "container obs-dev-grafana enables anonymous Grafana; set GF_AUTH_ANONYMOUS_ENABLED=false and sign in (admin, basic auth or OIDC)",
    ]);
  });

  it("rejects [auth.anonymous] enabled in a grafana.ini, and only in that section", async () => {
    const enabled = configMap("grafana-ini", {
      "grafana.ini": "[server]\nprotocol = https\n\n[auth.anonymous]\nenabled = true\n",
    });
    expect(messages(await checkResource(grafanaNoAnonymous, enabled))).toEqual([
      "ConfigMap observability-prod/grafana-ini grafana.ini enables [auth.anonymous]; set GF_AUTH_ANONYMOUS_ENABLED=false and sign in (admin, basic auth or OIDC)",
    ]);
    const elsewhere = configMap("grafana-ini", {
      "grafana.ini": "[feature_toggles]\nenabled = true\n[auth.anonymous]\nenabled = false\n",
    });
    expect(await checkResource(grafanaNoAnonymous, elsewhere)).toEqual([]);
  });
});
