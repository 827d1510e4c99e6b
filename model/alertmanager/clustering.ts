import type { ResolvedSettings } from "../../settings/validate";
import { ports, replicaAddresses, roles } from "../addresses";
import { tlsEnabled } from "../tls";
import { alertmanagerPaths } from "./paths";
import { targetTraits } from "../targetTraits";

/** True when the replicas form a gossip cluster (more than one, on Kubernetes). */
export function isClustered(settings: ResolvedSettings): boolean {
  return targetTraits(settings).replicaAddresses && settings.alertmanager.replicas > 1;
}

/** True when the replicas gossip over mutual TLS: clustered, with TLS on (see clusterTls.ts). */
export function gossipOverTls(settings: ResolvedSettings): boolean {
  return isClustered(settings) && tlsEnabled(settings);
}

/**
 * Gossip flags. Clustered replicas find each other by their stable
 * headless-Service names and advertise their pod IP (the listen address
 * 0.0.0.0 is not routable). A single replica gets an empty listen address,
 * which turns gossip off instead of binding 0.0.0.0:9094 for nobody.
 */
export function clusterArgs(settings: ResolvedSettings): string[] {
  if (!isClustered(settings)) return ["--cluster.listen-address="];
  const peers = replicaAddresses(
    settings,
    roles.alertmanager,
    settings.alertmanager.replicas,
    ports.alertmanagerCluster,
  );
  return [
    `--cluster.listen-address=0.0.0.0:${ports.alertmanagerCluster}`,
    `--cluster.advertise-address=$(POD_IP):${ports.alertmanagerCluster}`,
    ...peers.map((peer) => `--cluster.peer=${peer}`),
    ...(gossipOverTls(settings) ? [`--cluster.tls-config=${alertmanagerPaths.clusterTls}`] : []),
  ];
}
