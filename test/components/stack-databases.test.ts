/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call --
   The checks walk generated Kubernetes objects, validated by validateKubernetesObject. */
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { policies } from "../../policy/policies";
import { validateKubernetesObject } from "../helpers/kubernetesModels";
import type { ResourceRecorder } from "../../scripts/underMocks/mocks";
import { stackUnderMocks } from "../../scripts/underMocks/programUnderMocks";
import { settingsWith } from "../../scripts/underMocks/stacks";
import { tlsTypes } from "../../scripts/underMocks/tlsMocks";
import { environmentConfig, messages, runPack } from "../policy/harness";

/** Prod monitoring a database and a cache: their exporters serve TLS like the rest of the stack. */
const settings = () =>
  settingsWith("prod", {
    exporters: {
      postgres: [{ name: "orders", dsnSecret: "ordersDbUri" }],
      redis: [{ name: "cache", address: "cache.apps.svc:6379", passwordSecret: "cachePassword" }],
    },
  });

describe("prod with database exporters", () => {
  let recorder: ResourceRecorder;
  beforeAll(async () => {
    ({ recorder } = await stackUnderMocks(settings()));
  });

  const deployment = (name: string): any =>
    recorder.resources.find((r) => r.type.endsWith(":Deployment") && (r.state as any).metadata.name === name)
      ?.state as any;

  it("issues each exporter a certificate from the stack's CA", () => {
    const requests = recorder.ofType(tlsTypes.certRequest).map((r) => r.name);
    expect(requests).toEqual(
      expect.arrayContaining([
        "observability-tls-postgres-exporter-orders-csr",
        "observability-tls-redis-exporter-cache-csr",
      ]),
    );
  });

  it("starts the exporters serving TLS", () => {
    const postgres = deployment("postgres-exporter-orders").spec.template.spec.containers[0];
    expect(postgres.args).toContain("--web.config.file=/etc/postgres-exporter-orders/web/web.yml");
    expect(postgres.readinessProbe.httpGet.scheme).toBe("HTTPS");
    const redis = deployment("redis-exporter-cache").spec.template.spec.containers[0];
    expect(redis.args).toEqual(
      expect.arrayContaining([
        "--tls-server-cert-file=/etc/tls/redis-exporter-cache/tls.crt",
        "--tls-server-key-file=/etc/tls/redis-exporter-cache/tls.key",
      ]),
    );
    expect(redis.readinessProbe.httpGet.scheme).toBe("HTTPS");
  });

  it("scrapes them over https, verified against the CA", () => {
    const configMap = recorder.resources.find(
      (r) => r.type === "kubernetes:core/v1:ConfigMap" && (r.state as any).data?.["prometheus.yml"],
    );
    const config = parse(String((configMap!.state as any).data["prometheus.yml"])) as { scrape_configs: any[] };
    for (const job of ["postgres-exporter-orders", "redis-exporter-cache"]) {
      const scrape = config.scrape_configs.find((candidate) => candidate.job_name === job);
      expect(scrape, job).toMatchObject({ scheme: "https", tls_config: { ca_file: "/etc/tls/prometheus/ca.crt" } });
    }
  });

  it("passes the policy pack as prod, and every Kubernetes object is valid", async () => {
    const resources = recorder.resources.map((r) => ({
      type: r.type,
      name: r.name,
      inputs: r.inputs,
      outputs: r.state,
    }));
    expect(messages(await runPack(policies, resources, environmentConfig("prod")))).toEqual([]);
    // The same stack with the postgres exporter serving plain HTTP is refused.
    const plain = resources.map((resource) => {
      if (
        (resource.outputs as any).metadata?.name !== "postgres-exporter-orders" ||
        !resource.type.endsWith(":Deployment")
      ) {
        return resource;
      }
      const strip = (props: any) => {
        const copy = structuredClone(props);
        const container = copy.spec.template.spec.containers[0];
        container.args = container.args.filter((arg: string) => !arg.startsWith("--web.config.file"));
        return copy;
      };
      return { ...resource, inputs: strip(resource.inputs), outputs: strip(resource.outputs) };
    });
    const refused = messages(await runPack(policies, plain, environmentConfig("prod")));
    expect(refused.join("\n")).toContain("postgres-exporter-orders");
    for (const resource of recorder.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
      validateKubernetesObject(resource.state);
    }
  });
});
