import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles, uiHost } from "../addresses";
import { jaegerProxyRole, jaegerProxySettings } from "../jaegerProxy/settings";
import { tlsDelivery, tlsEnabled } from "../tls";
import { httpHealth } from "../probes";
import { runsRole } from "../rolesInUse";
import type { AllowRule, Workload } from "../workload";
import { jaegerConfigYaml, jaegerHealthPath } from "./config";
import { jaegerDataPath } from "./storage";
import { targetTraits } from "../targetTraits";

/** The config file; alone in its directory, which is secret only when the file embeds a password. */
export const jaegerConfigPath = "/etc/jaeger/config.yaml";

/** The user the official image runs as. */
const jaegerUser = { uid: 10001, gid: 10001 };

/**
 * Who may open the query UI/API. On Kubernetes the UI is never exposed
 * bare: with `auth.jaegerProxy` only the oauth2-proxy in front of it gets
 * in, and without it there is no Ingress at all — people reach the UI with
 * `kubectl port-forward svc/jaeger 16686` (which bypasses NetworkPolicies).
 * Grafana's Jaeger datasource always may.
 */
function queryAllowFrom(settings: ResolvedSettings): AllowRule {
  const proxy = jaegerProxySettings(settings) !== undefined ? [jaegerProxyRole] : [];
  return { ports: ["query"], from: [roles.grafana, ...proxy] };
}

/**
 * Jaeger v2 (all in one: collector, storage, query): receives OTLP from
 * applications anywhere in the cluster, stores traces by
 * `jaeger.storage.type`, serves the UI. Stateful only with Badger, whose
 * files live on a volume; memory and Elasticsearch/OpenSearch keep nothing
 * local. Serves TLS with its own certificate when the stack's TLS is on.
 * @returns undefined when `jaeger.enabled` is false.
 */
export function jaegerWorkload(settings: ResolvedSettings): Workload | undefined {
  if (!runsRole(settings, roles.jaeger)) return undefined;
  const storage = settings.jaeger.storage;
  const badger = storage.type === "badger";
  const tls = tlsDelivery(settings, "jaeger");
  // HTTPS when the health endpoint serves TLS, as it does on Kubernetes
  // only: on Docker it is plain HTTP on loopback (see config.ts). The image's
  // base is Alpine, so BusyBox wget is there.
  const health = httpHealth(
    jaegerHealthPath,
    { name: "health", number: ports.jaegerHealth },
    "wget",
    targetTraits(settings).probedFromOutside && tlsEnabled(settings) ? "HTTPS" : "HTTP",
  );
  return {
    role: roles.jaeger,
    kind: badger ? "stateful" : "stateless",
    image: settings.versions.jaeger ?? defaultImages.jaeger,
    args: [`--config=${jaegerConfigPath}`],
    env: {},
    files: [{ path: jaegerConfigPath, content: jaegerConfigYaml(settings), secretEscaping: "yaml" }, ...tls.files],
    ...(tls.tlsSecret !== undefined ? { tlsSecret: tls.tlsSecret } : {}),
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
    health,
    resources: settings.jaeger.resources,
    // Memory and Badger storage are per process: a second replica would hold other traces.
    replicas: 1,
    user: jaegerUser,
    // Published on 127.0.0.1 on Docker; on Kubernetes the jaeger-proxy
    // workload owns the Ingress host (see queryAllowFrom).
    ...(targetTraits(settings).loopbackUis ? { ui: { port: "query", host: uiHost(settings, "jaeger") } } : {}),
    allowFrom: [
      // Applications in any namespace send traces.
      { ports: ["otlp-grpc", "otlp-http"], from: ["cluster"] },
      queryAllowFrom(settings),
      { ports: ["metrics"], from: [roles.prometheus] },
    ],
  };
}
