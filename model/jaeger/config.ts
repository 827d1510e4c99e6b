import { stringify } from "yaml";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles } from "../addresses";
import { tlsEnabled, tlsPaths } from "../tls";
import { storageBackend } from "./storage";
import { targetTraits } from "../targetTraits";

/** Name of the one trace store in `jaeger_storage.backends`. */
const traceStore = "traces";

/**
 * Jaeger's gRPC query API: nothing in the stack uses it, so it stays on
 * loopback, where no traffic leaves the container and TLS would add nothing.
 */
const queryGrpcEndpoint = "127.0.0.1:16685";

/** Path of the health status endpoint of the healthcheckv2 extension. */
export const jaegerHealthPath = "/status";

function anyHost(port: number): string {
  return `0.0.0.0:${port}`;
}

/**
 * The `tls` block of an OpenTelemetry Collector server (`confighttp` /
 * `configgrpc` `ServerConfig`: `tls.cert_file`, `tls.key_file`,
 * `tls.min_version`), which the OTLP receivers, `jaeger_query.http`
 * (a `confighttp.ServerConfig` in Jaeger v2) and `healthcheckv2.http`
 * share; empty when TLS is off.
 */
function serverTls(settings: ResolvedSettings): Record<string, unknown> {
  if (!tlsEnabled(settings)) return {};
  const paths = tlsPaths(roles.jaeger);
  return { tls: { cert_file: paths.cert, key_file: paths.key, min_version: "1.2" } };
}

/**
 * The health endpoint. On Kubernetes the kubelet probes the pod's address,
 * so it listens everywhere and serves TLS with the rest. On Docker only the
 * health check inside the container reads it, so it stays on loopback in
 * plain HTTP: no traffic leaves the container, and BusyBox wget in the
 * image has no way to trust the stack's CA.
 */
function healthEndpoint(settings: ResolvedSettings): Record<string, unknown> {
  return targetTraits(settings).probedFromOutside
    ? { endpoint: anyHost(ports.jaegerHealth), ...serverTls(settings) }
    : { endpoint: `127.0.0.1:${ports.jaegerHealth}` };
}

/**
 * Jaeger v2's configuration (an OpenTelemetry Collector config): OTLP
 * receivers on gRPC and HTTP, a batch processor, the storage exporter into
 * one `jaeger_storage` backend, the query UI and API, a health endpoint and
 * the collector's own metrics in Prometheus format for the stack to scrape.
 * With TLS on, the OTLP receivers, the query UI/API and (on Kubernetes) the
 * health endpoint serve it with the role's certificate. The metrics
 * endpoint stays plain HTTP: the Collector's internal-telemetry Prometheus
 * pull reader (`service.telemetry.metrics.readers[].pull.exporter.prometheus`)
 * has host, port and naming options but no TLS; only Prometheus may reach
 * it (NetworkPolicy) and it carries no trace data.
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
        http: { ...healthEndpoint(settings), status: { enabled: true, path: jaegerHealthPath } },
      },
      jaeger_storage: { backends: { [traceStore]: storageBackend(settings.jaeger.storage) } },
      jaeger_query: {
        storage: { traces: traceStore },
        http: { endpoint: anyHost(ports.jaegerQuery), ...serverTls(settings) },
        grpc: { endpoint: queryGrpcEndpoint },
      },
    },
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: anyHost(ports.otlpGrpc), ...serverTls(settings) },
          http: { endpoint: anyHost(ports.otlpHttp), ...serverTls(settings) },
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
