import { beforeAll, describe, expect, it } from "vitest";
import { parseStack } from "../../model/stack/settings";
import type { ResourceRecorder } from "../../scripts/underMocks/mocks";
import { stackUnderMocks } from "../../scripts/underMocks/programUnderMocks";

/** A dev stack that pushes into an existing Grafana instead of running one. */
const externalSettings = () =>
  parseStack({
    stack: "dev",
    values: {
      environment: "dev",
      packs: ["red"],
      grafana: {
        mode: "external",
        external: {
          url: "https://grafana.example.com",
          authSecret: "grafanaToken",
          datasourceUrls: {
            prometheus: "https://prometheus.example.com",
            alertmanager: "https://alertmanager.example.com",
            jaeger: "https://jaeger.example.com",
          },
        },
      },
    },
    secretKeys: new Set(["grafanaToken"]),
  });

describe("external Grafana mode", () => {
  let recorder: ResourceRecorder;
  let sdks: string[];
  beforeAll(async () => {
    ({ recorder } = await stackUnderMocks(externalSettings(), { grafanaToken: "token-value" }));
    sdks = Object.keys(require.cache)
      .map((file) => /node_modules\/(@pulumi(?:verse)?\/[^/]+)\//.exec(file)?.[1])
      .filter((name): name is string => name !== undefined);
  });

  it("runs no Grafana container and generates no Grafana credentials", () => {
    const containers = recorder.ofType("docker:index/container:Container").map((r) => r.inputs["name"]);
    expect(containers).not.toContain("obs-dev-grafana");
    expect(containers).toContain("obs-dev-prometheus");
    expect(recorder.ofType("random:index/randomPassword:RandomPassword")).toEqual([]);
    expect(sdks).not.toContain("@pulumi/random");
  });

  it("talks to the existing Grafana through its own provider with the token as a secret", () => {
    const [provider] = recorder.ofType("pulumi:providers:grafana");
    expect(provider?.inputs["url"]).toBe("https://grafana.example.com");
    expect(provider?.secretPaths).toContain("/auth");
  });

  it("pushes one folder, the three datasources with fixed uids and the packs' dashboards", () => {
    expect(recorder.ofType("grafana:oss/folder:Folder").map((r) => r.inputs["uid"])).toEqual(["observability-dev"]);
    const sources = recorder.ofType("grafana:oss/dataSource:DataSource");
    expect(sources.map((r) => [r.inputs["uid"], r.inputs["url"]])).toEqual([
      ["prometheus", "https://prometheus.example.com"],
      ["alertmanager", "https://alertmanager.example.com"],
      ["jaeger", "https://jaeger.example.com"],
    ]);
    const prometheus = JSON.parse(String(sources[0].inputs["jsonDataEncoded"])) as Record<string, unknown>;
    expect(JSON.stringify(prometheus["exemplarTraceIdDestinations"])).toContain('"datasourceUid":"jaeger"');
    const dashboards = recorder.ofType("grafana:oss/dashboard:Dashboard");
    expect(dashboards.map((r) => (JSON.parse(String(r.inputs["configJson"])) as { uid: string }).uid).sort()).toEqual([
      "node-nodes-and-containers",
      "service-red",
      "stack-overview",
    ]);
    for (const dashboard of dashboards) expect(dashboard.inputs["folder"]).toBe("observability-dev");
  });
});
