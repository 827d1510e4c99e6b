import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles, uiHost } from "../addresses";
import { secretToken } from "../secrets";
import { tlsDelivery } from "../tls";
import type { FileSpec, Workload } from "../workload";
import { stackOverviewUid } from "../dashboards/stackOverview";
import { dashboardFolders } from "./dashboards";
import { genericOauthEnv, oauthSecretFiles } from "./oauth";
import { grafanaPaths, grafanaSecretPaths } from "./paths";
import { dashboardPath, provisioningFiles } from "./provisioning";
import { grafanaHealth, grafanaPortName, grafanaServerEnv } from "./server";

export { grafanaRootUrl } from "./server";

/** Grafana's user in the official image. */
const grafanaUser = { uid: 472, gid: 472 };

/** The home dashboard: the stack overview, when a pack provides it. */
function homeDashboard(settings: ResolvedSettings): string | undefined {
  for (const folder of dashboardFolders(settings)) {
    if (folder.dashboards.some((dashboard) => dashboard.uid === stackOverviewUid)) {
      return dashboardPath(folder.pack, stackOverviewUid);
    }
  }
  return undefined;
}

/**
 * Non-secret settings as `GF_<SECTION>_<KEY>` variables. Credentials are
 * read from files through Grafana's `__FILE` suffix, so no secret is in the
 * environment. Everything that phones home is off: machines may be offline,
 * and a monitoring stack should not leak its existence.
 */
function grafanaEnv(settings: ResolvedSettings): Record<string, string> {
  const home = homeDashboard(settings);
  return {
    ...grafanaServerEnv(settings),
    GF_PATHS_DATA: grafanaPaths.data,
    GF_PATHS_PROVISIONING: grafanaPaths.provisioning,
    GF_LOG_MODE: "console",
    GF_SECURITY_ADMIN_USER: settings.grafana.adminUser,
    GF_SECURITY_ADMIN_PASSWORD__FILE: grafanaSecretPaths.adminPassword,
    GF_SECURITY_SECRET_KEY__FILE: grafanaSecretPaths.secretKey,
    GF_SECURITY_DISABLE_GRAVATAR: "true",
    GF_AUTH_ANONYMOUS_ENABLED: "false",
    GF_USERS_ALLOW_SIGN_UP: "false",
    GF_USERS_ALLOW_ORG_CREATE: "false",
    GF_ANALYTICS_REPORTING_ENABLED: "false",
    GF_ANALYTICS_CHECK_FOR_UPDATES: "false",
    GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES: "false",
    GF_ANALYTICS_FEEDBACK_LINKS_ENABLED: "false",
    GF_NEWS_NEWS_FEED_ENABLED: "false",
    GF_SNAPSHOTS_EXTERNAL_ENABLED: "false",
    // Plugins come with the pinned image, not from grafana.com at runtime.
    GF_PLUGINS_PLUGIN_ADMIN_ENABLED: "false",
    ...genericOauthEnv(settings),
    ...(home !== undefined ? { GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: home } : {}),
  };
}

/**
 * Raw secret files, all in the secret-only `grafanaPaths.secrets`: admin
 * password, `secret_key`, the basic auth password the datasources send
 * (when basic auth is on) and the OAuth client secret (when OIDC is on).
 */
function secretFiles(settings: ResolvedSettings): FileSpec[] {
  const basicAuth = settings.auth.basicAuth;
  return [
    {
      path: grafanaSecretPaths.adminPassword,
      content: secretToken(settings.grafana.adminPasswordSecret),
      secretEscaping: "raw",
    },
    {
      path: grafanaSecretPaths.secretKey,
      content: secretToken(settings.grafana.secretKeySecret),
      secretEscaping: "raw",
    },
    ...(basicAuth.enabled
      ? [
          {
            path: grafanaSecretPaths.basicAuthPassword,
            content: secretToken(basicAuth.passwordSecret),
            secretEscaping: "raw" as const,
          },
        ]
      : []),
    ...oauthSecretFiles(settings),
  ];
}

/**
 * Grafana run by the stack (deploy mode): provisioned datasources and
 * dashboards, SQLite state on a volume (one replica), admin credentials from
 * secret files, HTTPS with its own certificate when the stack's TLS is on.
 */
export function grafanaWorkload(settings: ResolvedSettings): Workload {
  const tls = tlsDelivery(settings, "grafana");
  const port = grafanaPortName(settings);
  return {
    role: roles.grafana,
    kind: "stateful",
    image: settings.versions.grafana ?? defaultImages.grafana,
    args: [],
    env: grafanaEnv(settings),
    files: [...secretFiles(settings), ...tls.files, ...provisioningFiles(settings)],
    ...(tls.tlsSecret !== undefined ? { tlsSecret: tls.tlsSecret } : {}),
    ports: [{ name: port, port: ports.grafana, publishAs: "grafana" }],
    dataVolume: { mountPath: grafanaPaths.data, size: settings.grafana.storageSize },
    scratchPaths: ["/tmp"],
    health: grafanaHealth(settings),
    resources: settings.grafana.resources,
    // SQLite on a ReadWriteOnce volume: a single writer.
    replicas: 1,
    user: grafanaUser,
    ui: { port, host: uiHost(settings, "grafana") },
    allowFrom: [
      { ports: [port], from: ["ingress"] },
      // Grafana's own /metrics.
      { ports: [port], from: [roles.prometheus] },
    ],
  };
}
