import { stringify } from "yaml";
import type { StackSettings } from "../../settings/schema";
import { roles } from "../addresses";
import { tlsEnabled, tlsPaths } from "../tls";

/**
 * Module names of the blackbox exporter: Prometheus' probe jobs pass one of
 * these as the `module` parameter, so they are exported for the scrape config.
 */
export const blackboxModules = {
  /** HTTP GET that must answer 2xx (health URLs of monitored services). */
  http2xx: "http_2xx",
  /** A TCP connection that must open (databases, brokers). */
  tcpConnect: "tcp_connect",
  /**
   * A TLS handshake verified against the stack's CA: the stack's own TLS
   * endpoints, for `probe_ssl_earliest_cert_expiry` (certificate expiry
   * alerts) without needing their basic-auth credentials. Only with TLS on.
   */
  tlsHandshake: "tls_handshake",
} as const;

/**
 * The blackbox exporter's configuration. Probes prefer IPv4 because Docker
 * networks and many clusters have no IPv6 route, yet resolve AAAA first.
 */
export function blackboxConfig(settings: Pick<StackSettings, "tls">): Record<string, unknown> {
  const handshake = tlsEnabled(settings)
    ? {
        [blackboxModules.tlsHandshake]: {
          prober: "tcp",
          timeout: "5s",
          tcp: {
            preferred_ip_protocol: "ip4",
            tls: true,
            tls_config: { ca_file: tlsPaths(roles.blackbox).ca, min_version: "TLS12" },
          },
        },
      }
    : {};
  return {
    modules: {
      ...handshake,
      [blackboxModules.http2xx]: {
        prober: "http",
        timeout: "5s",
        http: {
          method: "GET",
          // Empty means any 2xx.
          valid_status_codes: [],
          follow_redirects: true,
          preferred_ip_protocol: "ip4",
        },
      },
      [blackboxModules.tcpConnect]: {
        prober: "tcp",
        timeout: "5s",
        tcp: { preferred_ip_protocol: "ip4" },
      },
    },
  };
}

/** The configuration as the YAML file the exporter reads. */
export function blackboxConfigYaml(settings: Pick<StackSettings, "tls">): string {
  return stringify(blackboxConfig(settings), { lineWidth: 0 });
}
