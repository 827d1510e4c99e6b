import { exampleJaegerProxy } from "../helpers/authFixtures";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { jaegerConfigPath, jaegerWorkload } from "../../model/jaeger";
import { caCertSecretKey } from "../../model/tls";
import type { Workload } from "../../model/workload";
import type { ResolvedSettings } from "../../settings/validate";
import { settingsWith, stackSettings } from "../../scripts/underMocks/stacks";
import { secretValuesWithTls } from "./webConfigTestValues";
import { expectWellFormed } from "./workloadChecks";

type Server = { endpoint: string; tls?: Record<string, unknown> };

interface Config {
  service: { telemetry: { metrics: { readers: Record<string, unknown>[] } } };
  extensions: {
    healthcheckv2: { http: Server };
    jaeger_query: { http: Server; grpc: Server };
  };
  receivers: { otlp: { protocols: { grpc: Server; http: Server } } };
}

function workloadOf(settings: ResolvedSettings): Workload {
  const workload = jaegerWorkload(settings);
  if (workload === undefined) throw new Error("jaeger disabled");
  return workload;
}

function configOf(workload: Workload): Config {
  const file = workload.files.find((candidate) => candidate.path === jaegerConfigPath);
  if (file === undefined) throw new Error("no config file");
  return parse(file.content) as Config;
}

const serverTls = {
  tls: { cert_file: "/etc/tls/jaeger/tls.crt", key_file: "/etc/tls/jaeger/tls.key", min_version: "1.2" },
};

describe("jaeger without TLS (dev)", () => {
  const workload = workloadOf(stackSettings("dev"));
  const config = configOf(workload);

  it("serves every endpoint in plain HTTP and ships no certificate", () => {
    for (const server of [
      config.receivers.otlp.protocols.grpc,
      config.receivers.otlp.protocols.http,
      config.extensions.jaeger_query.http,
      config.extensions.healthcheckv2.http,
    ]) {
      expect(server).not.toHaveProperty("tls");
    }
    expect(workload.files.map((file) => file.path)).toEqual([jaegerConfigPath]);
    expect(workload.tlsSecret).toBeUndefined();
  });
});

describe.each(["staging", "prod"] as const)("jaeger with TLS (%s)", (stack) => {
  const settings = stackSettings(stack);
  const workload = workloadOf(settings);
  const config = configOf(workload);

  it("serves OTLP gRPC/HTTP, the query UI/API and health with its own certificate", () => {
    expect(config.receivers.otlp.protocols.grpc).toEqual({ endpoint: "0.0.0.0:4317", ...serverTls });
    expect(config.receivers.otlp.protocols.http).toEqual({ endpoint: "0.0.0.0:4318", ...serverTls });
    expect(config.extensions.jaeger_query.http).toEqual({ endpoint: "0.0.0.0:16686", ...serverTls });
    expect(config.extensions.healthcheckv2.http).toMatchObject({ endpoint: "0.0.0.0:13133", ...serverTls });
    // Loopback only: no traffic leaves the container.
    expect(config.extensions.jaeger_query.grpc).toEqual({ endpoint: "127.0.0.1:16685" });
  });

  it("keeps the metrics endpoint plain: the telemetry pull reader has no TLS", () => {
    expect(config.service.telemetry.metrics.readers).toEqual([
      { pull: { exporter: { prometheus: { host: "0.0.0.0", port: 8888 } } } },
    ]);
    expect(workload.allowFrom).toContainEqual({ ports: ["metrics"], from: ["prometheus"] });
  });

  it("ships its certificate, key and the CA as raw secret files, and is probed over HTTPS", () => {
    const files = Object.fromEntries(workload.files.map((file) => [file.path, file.content]));
    expect(files["/etc/tls/jaeger/tls.crt"]).toBe("__SECRET_tlsCertJaeger__");
    expect(files["/etc/tls/jaeger/tls.key"]).toBe("__SECRET_tlsKeyJaeger__");
    expect(files["/etc/tls/jaeger/ca.crt"]).toBe(`__SECRET_${caCertSecretKey}__`);
    expect(workload.health.readiness).toMatchObject({ path: "/status", port: "health", scheme: "HTTPS" });
    expect(workload.health.readiness.command).toContain("https://127.0.0.1:13133/status");
    expectWellFormed(workload, secretValuesWithTls(settings));
  });

  it("has no Ingress and lets only Grafana reach the query port without the auth proxy", () => {
    expect(workload.ui).toBeUndefined();
    expect(workload.allowFrom.filter((rule) => rule.ports.includes("query"))).toEqual([
      { ports: ["query"], from: ["grafana"] },
    ]);
    expect(JSON.stringify(workload.allowFrom)).not.toContain("ingress");
  });
});

describe("jaeger behind the auth proxy", () => {
  it("lets jaeger-proxy (not the Ingress controller) reach the query port", () => {
    const workload = workloadOf(settingsWith("prod", { auth: { jaegerProxy: exampleJaegerProxy } }));
    expect(workload.ui).toBeUndefined();
    expect(workload.allowFrom).toContainEqual({ ports: ["query"], from: ["grafana", "jaeger-proxy"] });
    expect(JSON.stringify(workload.allowFrom)).not.toContain("ingress");
  });
});

describe("jaeger with certificates from Kubernetes Secrets", () => {
  it("certManager: mounts jaeger-tls where the config expects the files", () => {
    const settings = settingsWith("staging", { tls: { mode: "certManager", issuer: { name: "internal-ca" } } });
    const workload = workloadOf(settings);
    expect(workload.tlsSecret).toEqual({ secretName: "jaeger-tls", mountPath: "/etc/tls/jaeger" });
    expect(workload.files.map((file) => file.path)).toEqual([jaegerConfigPath]);
    expect(configOf(workload).receivers.otlp.protocols.grpc).toEqual({ endpoint: "0.0.0.0:4317", ...serverTls });
  });
});
