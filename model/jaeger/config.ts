import { stringify } from "yaml";
import type { ResolvedSettings } from "../../settings/validate";
import { ports } from "../addresses";
import { storageBackend } from "./storage";

/** Name of the one trace store in `jaeger_storage.backends`. */
const traceStore = "traces";

/** Jaeger's gRPC query API: only Jaeger itself would use it, so it stays on loopback. */
const queryGrpcEndpoint = "127.0.0.1:16685";

/** Path of the health status endpoint of the healthcheckv2 extension. */
export const jaegerHealthPath = "/status";

function anyHost(port: number): string {
  return `0.0.0.0:${port}`;
}

/**
 * Jaeger v2's configuration (an OpenTelemetry Collector config): OTLP
 * receivers on gRPC and HTTP, a batch processor, the storage exporter into
 * one `jaeger_storage` backend, the query UI and API, a health endpoint and
 * the collector's own metrics in Prometheus format for the stack to scrape.
 */
export function jaegerConfig(settings: ResolvedSettings): Record<string, unknown> {
  return {
    service: {
      extensions: ["jaeger_storage", "jaeger_query", "healthcheckv2"],
      pipelines: {
        traces: { receivers: ["otlp"], processors: ["batch"], exporters: ["jaeger_storage_exporter"] },
      },
      telemetry: {
        resource: { "service.name": "jaeger" },
        metrics: {
          level: "detailed",
          readers: [{ pull: { exporter: { prometheus: { host: "0.0.0.0", port: ports.jaegerAdmin } } } }],
        },
        logs: { level: "info" },
      },
    },
    extensions: {
      healthcheckv2: {
        use_v2: true,
        http: { endpoint: anyHost(ports.jaegerHealth), status: { enabled: true, path: jaegerHealthPath } },
      },
      jaeger_storage: { backends: { [traceStore]: storageBackend(settings.jaeger.storage) } },
      jaeger_query: {
        storage: { traces: traceStore },
        http: { endpoint: anyHost(ports.jaegerQuery) },
        grpc: { endpoint: queryGrpcEndpoint },
      },
    },
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: anyHost(ports.otlpGrpc) },
          http: { endpoint: anyHost(ports.otlpHttp) },
        },
      },
    },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: traceStore } },
  };
}

/** The configuration as the YAML file Jaeger reads. */
export function jaegerConfigYaml(settings: ResolvedSettings): string {
  return stringify(jaegerConfig(settings), { lineWidth: 0 });
}
