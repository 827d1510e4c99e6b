import type { TlsRole } from "../addresses";

/**
 * The stack's servers built on the Prometheus exporter-toolkit, which read
 * one web config file for TLS and basic auth, plus every postgres-exporter
 * (the same toolkit). Grafana and Jaeger serve TLS their own way, and so
 * does redis_exporter (its own `--tls-server-*` flags); cAdvisor has no TLS
 * or hashed-password support at all (only htpasswd/digest files over plain
 * HTTP), so none of them is listed.
 */
export const webServerRoles = [
  "prometheus",
  "alertmanager",
  "node-exporter",
  "blackbox-exporter",
  "kube-state-metrics",
] as const satisfies readonly TlsRole[];
export type WebServerRole = (typeof webServerRoles)[number] | `postgres-exporter-${string}`;

/** True for a role that reads an exporter-toolkit web config. */
export function isWebServerRole(role: string): role is WebServerRole {
  return (webServerRoles as readonly string[]).includes(role) || role.startsWith("postgres-exporter-");
}

/**
 * The flag that points a server at its web config file. kube-state-metrics
 * takes the same exporter-toolkit format under another name, applied to both
 * its metrics and telemetry ports.
 */
export function webConfigFlag(role: WebServerRole): string {
  return role === "kube-state-metrics" ? "--tls-config" : "--web.config.file";
}

/**
 * Whether a role can require basic auth. Every path of an exporter-toolkit
 * server sits behind basic auth, health endpoints included, so the role's
 * liveness and readiness probes must send credentials; that needs a shell
 * and wget in the image to read them from a file (`health.credentialed`).
 * kube-state-metrics' image is distroless (no shell): kubelet HTTP probes
 * cannot carry a secret header, so it serves TLS only and relies on its
 * NetworkPolicy (only Prometheus may connect) for access control. The
 * postgres exporters serve TLS only as well: basic auth is asked of
 * Prometheus, Alertmanager and the node-level exporters, and the database
 * exporters, like kube-state-metrics, admit only Prometheus.
 */
export function basicAuthCapable(role: WebServerRole): boolean {
  return role !== "kube-state-metrics" && !role.startsWith("postgres-exporter-");
}
