import type { TlsRole } from "../../settings/schema";

/**
 * The stack's servers built on the Prometheus exporter-toolkit, which read
 * one web config file for TLS and basic auth. Grafana and Jaeger serve TLS
 * their own way; cAdvisor has no TLS or hashed-password support at all (only
 * htpasswd/digest files over plain HTTP), and the postgres/redis exporters
 * have no certificate role in `tlsRoles`, so none of them is listed.
 */
export const webServerRoles = [
  "prometheus",
  "alertmanager",
  "node-exporter",
  "blackbox-exporter",
  "kube-state-metrics",
] as const satisfies readonly TlsRole[];
export type WebServerRole = (typeof webServerRoles)[number];

/** The flag that points each server at its web config file. */
export const webConfigFlag: Readonly<Record<WebServerRole, string>> = {
  prometheus: "--web.config.file",
  alertmanager: "--web.config.file",
  "node-exporter": "--web.config.file",
  "blackbox-exporter": "--web.config.file",
  // Same exporter-toolkit file format, applied to both its metrics and telemetry ports.
  "kube-state-metrics": "--tls-config",
};

/**
 * Whether a role can require basic auth. Every path of an exporter-toolkit
 * server sits behind basic auth, health endpoints included, so the role's
 * liveness and readiness probes must send credentials; that needs a shell
 * and wget in the image to read them from a file (`health.kubernetesExec`).
 * kube-state-metrics' image is distroless (no shell): kubelet HTTP probes
 * cannot carry a secret header, so it serves TLS only and relies on its
 * NetworkPolicy (only Prometheus may connect) for access control.
 */
export const basicAuthCapable: Readonly<Record<WebServerRole, boolean>> = {
  prometheus: true,
  alertmanager: true,
  "node-exporter": true,
  "blackbox-exporter": true,
  "kube-state-metrics": false,
};
