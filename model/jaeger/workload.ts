import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles, uiHost } from "../addresses";
import type { Workload } from "../workload";
import { jaegerConfigYaml, jaegerHealthPath } from "./config";
import { jaegerDataPath } from "./storage";

/** The config file; alone in its directory, which is secret only when the file embeds a password. */
export const jaegerConfigPath = "/etc/jaeger/config.yaml";

/** The user the official image runs as. */
const jaegerUser = { uid: 10001, gid: 10001 };

/**
 * Jaeger v2 (all in one: collector, storage, query): receives OTLP from
 * applications anywhere in the cluster, stores traces by
 * `jaeger.storage.type`, serves the UI. Stateful only with Badger, whose
 * files live on a volume; memory and Elasticsearch/OpenSearch keep nothing
 * local.
 * @returns undefined when `jaeger.enabled` is false.
 */
export function jaegerWorkload(settings: ResolvedSettings): Workload | undefined {
  if (!settings.jaeger.enabled) return undefined;
  const storage = settings.jaeger.storage;
  const badger = storage.type === "badger";
  return {
    role: roles.jaeger,
    kind: badger ? "stateful" : "stateless",
    image: settings.versions.jaeger ?? defaultImages.jaeger,
    args: [`--config=${jaegerConfigPath}`],
    env: {},
    files: [{ path: jaegerConfigPath, content: jaegerConfigYaml(settings), secretEscaping: "yaml" }],
    ports: [
      { name: "query", port: ports.jaegerQuery, publishAs: "jaeger" },
      { name: "otlp-grpc", port: ports.otlpGrpc, publishAs: "otlpGrpc" },
      { name: "otlp-http", port: ports.otlpHttp, publishAs: "otlpHttp" },
      { name: "metrics", port: ports.jaegerAdmin },
      { name: "health", port: ports.jaegerHealth },
    ],
    ...(badger ? { dataVolume: { mountPath: jaegerDataPath, size: storage.storageSize } } : {}),
    // The image declares /tmp a volume; the collector writes there under a read-only root.
    scratchPaths: ["/tmp"],
    health: {
      liveness: { path: jaegerHealthPath, port: "health" },
      readiness: { path: jaegerHealthPath, port: "health" },
      // The image's base is Alpine, so BusyBox wget is there.
      docker: ["CMD", "wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${ports.jaegerHealth}${jaegerHealthPath}`],
    },
    resources: settings.jaeger.resources,
    // Memory and Badger storage are per process: a second replica would hold other traces.
    replicas: 1,
    user: jaegerUser,
    ui: { port: "query", host: uiHost(settings, "jaeger") },
    allowFrom: [
      // Applications in any namespace send traces.
      { ports: ["otlp-grpc", "otlp-http"], from: ["cluster"] },
      { ports: ["query"], from: [roles.grafana, "ingress"] },
      { ports: ["metrics"], from: [roles.prometheus] },
    ],
  };
}
