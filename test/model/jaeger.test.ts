import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { jaegerConfig, jaegerConfigPath, jaegerWorkload } from "../../model/jaeger";
import { ports } from "../../model/addresses";
import { fillSecrets } from "../../model/secrets";
import type { JaegerStorage } from "../../settings/schema";
import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { stackNames, stackSettings } from "../../scripts/underMocks/stacks";
import { secretValuesWithTls } from "./webConfigTestValues";
import { expectWellFormed } from "./workloadChecks";

function withStorage(settings: ResolvedSettings, storage: JaegerStorage): ResolvedSettings {
  return { ...settings, jaeger: { ...settings.jaeger, storage } };
}

interface Config {
  service: {
    extensions: string[];
    pipelines: { traces: { receivers: string[]; processors: string[]; exporters: string[] } };
    telemetry: { metrics: { readers: { pull: { exporter: { prometheus: { host: string; port: number } } } }[] } };
  };
  extensions: {
    healthcheckv2: { use_v2: boolean; http: { endpoint: string; status: { path: string } } };
    jaeger_storage: { backends: Record<string, Record<string, Record<string, unknown>>> };
    jaeger_query: { storage: { traces: string }; http: { endpoint: string } };
  };
  receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } };
  processors: Record<string, unknown>;
  exporters: { jaeger_storage_exporter: { trace_storage: string } };
}

function configOf(settings: ResolvedSettings): Config {
  const workload = jaegerWorkload(settings);
  if (workload === undefined) throw new Error("jaeger disabled");
  const file = workload.files.find((candidate) => candidate.path === jaegerConfigPath);
  if (file === undefined) throw new Error("no config file");
  return parse(file.content) as Config;
}

const elasticsearch: JaegerStorage = {
  type: "elasticsearch",
  urls: ["https://es-1.example.com:9200", "https://es-2.example.com:9200"],
  username: "jaeger",
  passwordSecret: "jaegerEsPassword",
  indexPrefix: "obs",
};

describe.each(stackNames)("jaeger workload (%s)", (stack) => {
  const settings = stackSettings(stack);
  const workload = jaegerWorkload(settings)!;

  it("is well formed: ports, secrets, layout", () => {
    expectWellFormed(workload, secretValuesWithTls(settings));
  });

  it("runs the pinned v2 image with its config file", () => {
    expect(workload.image).toBe(defaultImages.jaeger);
    expect(workload.image).toMatch(/jaegertracing\/jaeger:2\./);
    expect(workload.args).toEqual([`--config=${jaegerConfigPath}`]);
    const url = stack === "dev" ? "http://127.0.0.1:13133/status" : "https://127.0.0.1:13133/status";
    expect(workload.health.liveness).toEqual({
      path: "/status",
      port: "health",
      ...(stack === "dev" ? {} : { scheme: "HTTPS" }),
      command: ["wget", "-q", "-O", "/dev/null", ...(stack === "dev" ? [] : ["--no-check-certificate"]), url],
    });
  });

  it("publishes the UI and OTLP ports and lets the right peers in; never exposes the UI bare on Kubernetes", () => {
    expect(workload.ports).toEqual([
      { name: "query", port: 16686, publishAs: "jaeger" },
      { name: "otlp-grpc", port: 4317, publishAs: "otlpGrpc" },
      { name: "otlp-http", port: 4318, publishAs: "otlpHttp" },
      { name: "metrics", port: 8888 },
      { name: "health", port: 13133 },
    ]);
    expect(workload.allowFrom).toEqual([
      { ports: ["otlp-grpc", "otlp-http"], from: ["cluster"] },
      // No auth proxy in the committed stacks: only Grafana reaches the query API.
      { ports: ["query"], from: ["grafana"] },
      { ports: ["metrics"], from: ["prometheus"] },
    ]);
    if (stack === "dev") expect(workload.ui).toEqual({ port: "query", host: "jaeger.localhost" });
    else expect(workload.ui).toBeUndefined();
  });

  it("wires receivers, pipeline, storage, query, health and metrics together", () => {
    const config = configOf(settings);
    expect(config.service.extensions).toEqual(["jaeger_storage", "jaeger_query", "healthcheckv2"]);
    expect(config.service.pipelines.traces).toEqual({
      receivers: ["otlp"],
      processors: ["batch"],
      exporters: ["jaeger_storage_exporter"],
    });
    expect(config.processors).toHaveProperty("batch");
    expect(config.receivers.otlp.protocols.grpc.endpoint).toBe("0.0.0.0:4317");
    // Loopback on Docker, where only the check inside the container reads it.
    const health = stack === "dev" ? `127.0.0.1:${ports.jaegerHealth}` : `0.0.0.0:${ports.jaegerHealth}`;
    expect(config.receivers.otlp.protocols.http.endpoint).toBe("0.0.0.0:4318");
    const store = config.exporters.jaeger_storage_exporter.trace_storage;
    expect(config.extensions.jaeger_query.storage.traces).toBe(store);
    expect(Object.keys(config.extensions.jaeger_storage.backends)).toEqual([store]);
    expect(config.extensions.jaeger_query.http.endpoint).toBe(`0.0.0.0:${ports.jaegerQuery}`);
    expect(config.extensions.healthcheckv2).toMatchObject({
      use_v2: true,
      http: { endpoint: health, status: { path: "/status" } },
    });
    expect(config.service.telemetry.metrics.readers).toEqual([
      { pull: { exporter: { prometheus: { host: "0.0.0.0", port: ports.jaegerAdmin } } } },
    ]);
  });
});

describe("jaeger storage", () => {
  it("keeps traces in memory on dev, stateless, no volume", () => {
    const settings = stackSettings("dev");
    const workload = jaegerWorkload(settings)!;
    expect(workload.kind).toBe("stateless");
    expect(workload.dataVolume).toBeUndefined();
    expect(configOf(settings).extensions.jaeger_storage.backends["traces"]).toEqual({
      memory: { max_traces: 100000 },
    });
  });

  it("keeps traces in Badger on the data volume on staging and prod, stateful", () => {
    for (const stack of ["staging", "prod"] as const) {
      const settings = stackSettings(stack);
      const workload = jaegerWorkload(settings)!;
      expect(workload.kind).toBe("stateful");
      expect(workload.dataVolume).toEqual({ mountPath: "/var/lib/jaeger", size: "20Gi" });
      expect(configOf(settings).extensions.jaeger_storage.backends["traces"]).toEqual({
        badger: {
          directories: { keys: "/var/lib/jaeger/keys", values: "/var/lib/jaeger/values" },
          ephemeral: false,
          ttl: { spans: "72h" },
        },
      });
    }
  });

  it("writes Elasticsearch servers, index prefix and basic auth with the password as a token", () => {
    const settings = withStorage(stackSettings("prod"), elasticsearch);
    const workload = jaegerWorkload(settings)!;
    expect(workload.kind).toBe("stateless");
    expect(workload.dataVolume).toBeUndefined();
    expect(configOf(settings).extensions.jaeger_storage.backends["traces"]).toEqual({
      elasticsearch: {
        server_urls: elasticsearch.urls,
        indices: { index_prefix: "obs" },
        auth: { basic: { username: "jaeger", password: "__SECRET_jaegerEsPassword__" } },
      },
    });
    const values = { ...secretValuesWithTls(settings), jaegerEsPassword: 'p"a:ss\\word #1' };
    expectWellFormed(workload, values);
    const filled = parse(fillSecrets(workload.files[0], values)) as Config;
    expect(filled.extensions.jaeger_storage.backends["traces"]["elasticsearch"]).toMatchObject({
      auth: { basic: { password: 'p"a:ss\\word #1' } },
    });
  });

  it("writes OpenSearch under its own key, without auth when none is set", () => {
    const settings = withStorage(stackSettings("staging"), {
      type: "opensearch",
      urls: ["https://os.example.com:9200"],
      indexPrefix: "jaeger",
    });
    expect(configOf(settings).extensions.jaeger_storage.backends["traces"]).toEqual({
      opensearch: { server_urls: ["https://os.example.com:9200"], indices: { index_prefix: "jaeger" } },
    });
    expect(jaegerWorkload(settings)!.files[0].content).not.toContain("__SECRET_");
  });

  it("is the same document as the typed config", () => {
    const settings = stackSettings("prod");
    expect(configOf(settings)).toEqual(jaegerConfig(settings));
  });
});

describe("jaeger disabled", () => {
  it("has no workload", () => {
    const settings = stackSettings("prod");
    expect(jaegerWorkload({ ...settings, jaeger: { ...settings.jaeger, enabled: false } })).toBeUndefined();
  });
});
