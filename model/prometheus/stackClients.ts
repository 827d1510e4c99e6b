import type { TlsRole } from "../addresses";
import type { ResolvedSettings } from "../../settings/validate";
import { tlsEnabled, tlsPaths } from "../tls";
import { isWebServerRole, requiresBasicAuth, webConfigPaths } from "../webConfig";

/**
 * How Prometheus talks to a server of the stack (scrapes, alert delivery):
 * `https` verified against the CA in Prometheus' own TLS directory (the
 * stack CA for selfSigned, the issuer's `ca.crt` for certManager and
 * provided), and the stack's basic-auth user with the password read from
 * Prometheus' own password file, so prometheus.yml holds no secret (only
 * exporter-toolkit servers require it; Grafana serves its metrics without
 * login). Empty
 * when the server serves neither, which leaves dev's jobs as they were.
 *
 * `serverName` is for targets reached by an address the certificate does
 * not name (pod or node IPs from service discovery): the name to verify
 * the certificate against instead.
 */
export function stackClient(settings: ResolvedSettings, role: TlsRole, serverName?: string): Record<string, unknown> {
  const client: Record<string, unknown> = {};
  if (tlsEnabled(settings)) {
    client["scheme"] = "https";
    client["tls_config"] = {
      ca_file: tlsPaths("prometheus").ca,
      ...(serverName !== undefined ? { server_name: serverName } : {}),
    };
  }
  if (isWebServerRole(role) && requiresBasicAuth(settings, role)) {
    client["basic_auth"] = {
      username: settings.auth.basicAuth.username,
      password_file: webConfigPaths("prometheus").password,
    };
  }
  return client;
}
