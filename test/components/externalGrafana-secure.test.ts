import { beforeAll, describe, expect, it } from "vitest";
import type { ResourceRecorder } from "../../scripts/underMocks/mocks";
import { stackUnderMocks } from "../../scripts/underMocks/programUnderMocks";
import { settingsWith } from "../../scripts/underMocks/stacks";

/** Staging pushing into an existing Grafana: its datasources need the basic-auth password and the stack's CA. */
describe("external Grafana mode with TLS and basic auth", () => {
  let recorder: ResourceRecorder;
  beforeAll(async () => {
    ({ recorder } = await stackUnderMocks(
      settingsWith("staging", {
        grafana: {
          mode: "external",
          external: {
            url: "https://grafana.example.com",
            authSecret: "grafanaToken",
            datasourceUrls: {
              prometheus: "https://prometheus.obs.staging.example.com",
              alertmanager: "https://alertmanager.obs.staging.example.com",
            },
          },
        },
      }),
    ));
  });

  it("sends basic auth and trusts the stack's CA, both as secret inputs", () => {
    const prometheus = recorder
      .ofType("grafana:oss/dataSource:DataSource")
      .find((source) => source.inputs["uid"] === "prometheus");
    expect(prometheus?.inputs["basicAuthEnabled"]).toBe(true);
    expect(prometheus?.inputs["basicAuthUsername"]).toBe("observability");
    expect(prometheus?.secretPaths).toContain("/secureJsonDataEncoded");
    const secure = JSON.parse(String(prometheus?.inputs["secureJsonDataEncoded"])) as Record<string, string>;
    expect(secure["basicAuthPassword"]).toBe("generated-observability-webBasicAuthPassword");
    expect(secure["tlsCACert"]).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(String(prometheus?.inputs["jsonDataEncoded"])).not.toContain("generated-");
  });

  it("pushes no Jaeger datasource when the operator gave no URL for it", () => {
    const uids = recorder.ofType("grafana:oss/dataSource:DataSource").map((source) => source.inputs["uid"]);
    expect(uids).toEqual(["prometheus", "alertmanager"]);
  });
});
