import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles, uiHost } from "../addresses";
import { secretToken } from "../secrets";
import type { FileSpec, Workload } from "../workload";
import { stackOverviewUid } from "../../dashboards/stackOverview";
import { dashboardFolders } from "./dashboards";
import { dashboardPath, grafanaPaths, provisioningFiles } from "./provisioning";

/** Grafana's user in the official image. */
const grafanaUser = { uid: 472, gid: 472 };

const adminPasswordFile = `${grafanaPaths.secrets}/admin-password`;
const secretKeyFile = `${grafanaPaths.secrets}/secret-key`;

/** URL a person opens: the published loopback port on Docker, the Ingress host on Kubernetes. */
export function grafanaRootUrl(settings: ResolvedSettings): string {
  return settings.target === "docker"
    ? `http://127.0.0.1:${settings.docker.ports.grafana}/`
    : `https://${uiHost(settings, "grafana")}/`;
}

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
    GF_SERVER_HTTP_PORT: String(ports.grafana),
    GF_SERVER_ROOT_URL: grafanaRootUrl(settings),
    GF_PATHS_DATA: grafanaPaths.data,
    GF_PATHS_PROVISIONING: grafanaPaths.provisioning,
    GF_LOG_MODE: "console",
    GF_SECURITY_ADMIN_USER: settings.grafana.adminUser,
    GF_SECURITY_ADMIN_PASSWORD__FILE: adminPasswordFile,
    GF_SECURITY_SECRET_KEY__FILE: secretKeyFile,
    GF_SECURITY_DISABLE_GRAVATAR: "true",
    // Behind Ingress the browser speaks HTTPS; on Docker it is plain loopback HTTP.
    GF_SECURITY_COOKIE_SECURE: String(settings.target === "kubernetes"),
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
    ...(home !== undefined ? { GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: home } : {}),
  };
}

/** The admin password and `secret_key` as raw secret files in a secret-only directory. */
function secretFiles(settings: ResolvedSettings): FileSpec[] {
  return [
    { path: adminPasswordFile, content: secretToken(settings.grafana.adminPasswordSecret), secretEscaping: "raw" },
    { path: secretKeyFile, content: secretToken(settings.grafana.secretKeySecret), secretEscaping: "raw" },
  ];
}

/**
 * Grafana run by the stack (deploy mode): provisioned datasources and
 * dashboards, SQLite state on a volume (one replica), admin credentials from
 * secret files.
 */
export function grafanaWorkload(settings: ResolvedSettings): Workload {
  return {
    role: roles.grafana,
    kind: "stateful",
    image: settings.versions.grafana ?? defaultImages.grafana,
    args: [],
    env: grafanaEnv(settings),
    files: [...secretFiles(settings), ...provisioningFiles(settings)],
    ports: [{ name: "http", port: ports.grafana, publishAs: "grafana" }],
    dataVolume: { mountPath: grafanaPaths.data, size: settings.grafana.storageSize },
    scratchPaths: ["/tmp"],
    health: {
      liveness: { path: "/api/health", port: "http" },
      readiness: { path: "/api/health", port: "http" },
      // The image is Alpine based and carries BusyBox wget.
      docker: ["CMD", "wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${ports.grafana}/api/health`],
    },
    resources: settings.grafana.resources,
    // SQLite on a ReadWriteOnce volume: a single writer.
    replicas: 1,
    user: grafanaUser,
    ui: { port: "http", host: uiHost(settings, "grafana") },
    allowFrom: [
      { ports: ["http"], from: ["ingress"] },
      // Grafana's own /metrics.
      { ports: ["http"], from: [roles.prometheus] },
    ],
  };
}
