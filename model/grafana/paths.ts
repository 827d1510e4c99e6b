/** Where Grafana reads its provisioning, dashboards and secrets inside the container. */
export const grafanaPaths = {
  provisioning: "/etc/grafana/provisioning",
  datasourcesFile: "/etc/grafana/provisioning/datasources/observability-stack.yaml",
  dashboardProvidersFile: "/etc/grafana/provisioning/dashboards/observability-stack.yaml",
  /** One sub-directory per pack. */
  dashboards: "/etc/grafana/dashboards",
  /** Holds only secret files (one raw token each), so it becomes one Kubernetes Secret. */
  secrets: "/etc/grafana/secrets",
  data: "/var/lib/grafana",
} as const;

/**
 * Grafana's secret files. Grafana reads the first two and the OAuth client
 * secret through `GF_*__FILE` variables, and the datasource password through
 * `$__file{…}` in the provisioning file, so no secret value is in the
 * environment or in a plain file.
 */
export const grafanaSecretPaths = {
  adminPassword: `${grafanaPaths.secrets}/admin-password`,
  secretKey: `${grafanaPaths.secrets}/secret-key`,
  /** The stack's basic auth password, sent to Prometheus and Alertmanager. */
  basicAuthPassword: `${grafanaPaths.secrets}/basic-auth-password`,
  oauthClientSecret: `${grafanaPaths.secrets}/oauth-client-secret`,
} as const;
