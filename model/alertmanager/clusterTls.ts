import { stringify } from "yaml";
import type { ResolvedSettings } from "../../settings/validate";
import { roles } from "../addresses";
import { tlsPaths } from "../tls";
import type { FileSpec } from "../workload";
import { gossipOverTls } from "./clustering";
import { alertmanagerPaths } from "./paths";

/**
 * Alertmanager's gossip TLS file (`--cluster.tls-config`): mutual TLS
 * between replicas, each presenting the Alertmanager certificate and
 * accepting only peers whose certificate the same CA signed. Peers are
 * dialled by pod IP, which no certificate names, so the client verifies
 * the role name every Alertmanager certificate carries (`tlsDnsNames`).
 * The certificate must allow client authentication as well as server
 * authentication (extended key usage), since each replica is both.
 */
export function clusterTlsConfig(): Record<string, unknown> {
  const paths = tlsPaths(roles.alertmanager);
  return {
    tls_server_config: {
      cert_file: paths.cert,
      key_file: paths.key,
      client_ca_file: paths.ca,
      client_auth_type: "RequireAndVerifyClientCert",
      min_version: "TLS12",
    },
    tls_client_config: {
      ca_file: paths.ca,
      cert_file: paths.cert,
      key_file: paths.key,
      server_name: roles.alertmanager,
    },
  };
}

/** The gossip TLS file when gossip runs over TLS, else nothing. */
export function clusterTlsFiles(settings: ResolvedSettings): FileSpec[] {
  if (!gossipOverTls(settings)) return [];
  return [
    {
      path: alertmanagerPaths.clusterTls,
      content: stringify(clusterTlsConfig(), { lineWidth: 0 }),
      secretEscaping: "yaml",
    },
  ];
}
