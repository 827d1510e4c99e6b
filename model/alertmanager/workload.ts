import { stringify } from "yaml";
import { prometheusServerHealth } from "../probes";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles, uiHost } from "../addresses";
import { uiUrl } from "../urls";
import { securedHealth, webServing } from "../webConfig";
import type { AllowRule, PortSpec, Workload } from "../workload";
import { clusterArgs, isClustered } from "./clustering";
import { clusterTlsFiles } from "./clusterTls";
import { alertmanagerConfig } from "./config";
import { alertmanagerImage } from "./image";
import { alertmanagerPaths } from "./paths";

/** The image's `nobody` user: Alertmanager needs no privileges. */
const nobody = { uid: 65534, gid: 65534 };

/** Port names of the gossip protocol, which runs over TCP and UDP on the same port. */
const clusterPortNames = ["cluster", "cluster-udp"] as const;

function clusterPorts(): PortSpec[] {
  return [
    { name: clusterPortNames[0], port: ports.alertmanagerCluster, protocol: "TCP" },
    { name: clusterPortNames[1], port: ports.alertmanagerCluster, protocol: "UDP" },
  ];
}

/**
 * Alertmanager as a workload: alertmanager.yml (a secret file: receivers
 * hold credentials), a volume for silences and the notification log, and on
 * Kubernetes with several replicas a gossip cluster over a headless Service.
 * With TLS or basic auth on, its web config, certificate and probe password
 * file come too, and gossip runs over mutual TLS.
 */
export function alertmanagerWorkload(settings: ResolvedSettings): Workload {
  const clustered = isClustered(settings);
  const serving = webServing(settings, "alertmanager");
  const allowFrom: AllowRule[] = [
    // Prometheus sends alerts, Grafana reads them, the Ingress serves the UI.
    { ports: ["http"], from: [roles.prometheus, roles.grafana, "ingress"] },
  ];
  if (clustered) allowFrom.push({ ports: [...clusterPortNames], from: [roles.alertmanager] });

  return {
    role: roles.alertmanager,
    kind: "stateful",
    image: alertmanagerImage(settings),
    args: [
      `--config.file=${alertmanagerPaths.config}`,
      `--storage.path=${alertmanagerPaths.data}`,
      `--web.external-url=${uiUrl(settings, "alertmanager")}`,
      ...clusterArgs(settings),
      ...serving.args,
    ],
    env: {},
    ...(clustered ? { identityEnv: { POD_IP: "address" } } : {}),
    files: [
      {
        path: alertmanagerPaths.config,
        content: stringify(alertmanagerConfig(settings), { lineWidth: 0 }),
        secretEscaping: "yaml",
      },
      ...serving.files,
      ...clusterTlsFiles(settings),
    ],
    ...(serving.tlsSecret !== undefined ? { tlsSecret: serving.tlsSecret } : {}),
    ports: [
      { name: "http", port: ports.alertmanager, protocol: "TCP", publishAs: "alertmanager" },
      ...(clustered ? clusterPorts() : []),
    ],
    dataVolume: { mountPath: alertmanagerPaths.data, size: settings.alertmanager.storageSize },
    scratchPaths: [],
    health: securedHealth(
      prometheusServerHealth(ports.alertmanager),
      serving,
      settings,
      roles.alertmanager,
      { http: ports.alertmanager },
      "wget",
    ),
    resources: settings.alertmanager.resources,
    replicas: settings.alertmanager.replicas,
    user: nobody,
    ...(clustered ? { peers: { port: clusterPortNames[0] } } : {}),
    ui: { port: "http", host: uiHost(settings, "alertmanager") },
    allowFrom,
  };
}
