import { stringify } from "yaml";

/**
 * Module names of the blackbox exporter: Prometheus' probe jobs pass one of
 * these as the `module` parameter, so they are exported for the scrape config.
 */
export const blackboxModules = {
  /** HTTP GET that must answer 2xx (health URLs of monitored services). */
  http2xx: "http_2xx",
  /** A TCP connection that must open (databases, brokers). */
  tcpConnect: "tcp_connect",
} as const;

/**
 * The blackbox exporter's configuration. Probes prefer IPv4 because Docker
 * networks and many clusters have no IPv6 route, yet resolve AAAA first.
 */
export function blackboxConfig(): Record<string, unknown> {
  return {
    modules: {
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
export function blackboxConfigYaml(): string {
  return stringify(blackboxConfig(), { lineWidth: 0 });
}
