import { stringify } from "yaml";
import type { ResolvedSettings } from "../../settings/validate";
import type { FileSpec } from "../workload";
import { secretToken } from "../secrets";
import { dashboardFolders } from "./dashboards";
import { grafanaDatasources, type DatasourceSecret } from "./datasources";
import { grafanaPaths } from "./paths";

export { grafanaPaths } from "./paths";

/** No line folding: long PromQL stays on one line for review. */
const yamlOptions = { lineWidth: 0 };

/** Path of a dashboard's JSON file inside the container. */
export function dashboardPath(pack: string, uid: string): string {
  return `${grafanaPaths.dashboards}/${pack}/${uid}.json`;
}

/**
 * A secret datasource value as the provisioning file writes it. A file
 * becomes `$__file{path}`, which Grafana expands when it reads the file
 * (provisioning values go through the same expanders as grafana.ini), so
 * the document holds no secret and stays a plain file. Caveat of that
 * expansion: Grafana then also expands `$NAME` inside the value read, so a
 * value must not contain `$` (generated passwords are alphanumeric).
 */
function provisionedSecret(source: DatasourceSecret): string {
  return "file" in source ? `$__file{${source.file}}` : secretToken(source.secretKey);
}

/** The datasource provisioning document. */
export function datasourcesDocument(settings: ResolvedSettings): Record<string, unknown> {
  return {
    apiVersion: 1,
    // Removes provisioned datasources that left the file (Jaeger switched off).
    prune: true,
    datasources: grafanaDatasources(settings).map((source) => ({
      name: source.name,
      uid: source.uid,
      type: source.type,
      access: source.access,
      url: source.url,
      isDefault: source.isDefault,
      orgId: 1,
      // The file is the source of truth; edits in the UI would be lost on restart.
      editable: false,
      ...(source.basicAuth === true ? { basicAuth: true, basicAuthUser: source.basicAuthUser } : {}),
      jsonData: source.jsonData,
      ...(source.secureJsonData !== undefined
        ? {
            secureJsonData: Object.fromEntries(
              Object.entries(source.secureJsonData).map(([key, value]) => [key, provisionedSecret(value)]),
            ),
          }
        : {}),
    })),
  };
}

/**
 * The dashboard provider document: one file provider per pack, each
 * loading its own directory into its own folder. Dashboards are read-only
 * in the UI (changes go through `dashboards/` and review).
 */
export function dashboardProvidersDocument(settings: ResolvedSettings): Record<string, unknown> {
  return {
    apiVersion: 1,
    providers: dashboardFolders(settings).map((folder) => ({
      name: `pack-${folder.pack}`,
      orgId: 1,
      type: "file",
      folder: folder.title,
      folderUid: folder.uid,
      disableDeletion: true,
      allowUiUpdates: false,
      // How soon a changed dashboard file shows, as Prometheus' 30 s for its rules.
      updateIntervalSeconds: 30,
      options: { path: `${grafanaPaths.dashboards}/${folder.pack}`, foldersFromFilesStructure: false },
    })),
  };
}

/**
 * Every provisioning file plus the dashboard JSON files. The dashboards
 * reload live: Grafana's file provider scans its directory every
 * `updateIntervalSeconds` and saves each dashboard whose content changed
 * (following links, as in a mounted ConfigMap), so a changed dashboard needs
 * no restart. The provisioning files themselves are read only at start.
 */
export function provisioningFiles(settings: ResolvedSettings): FileSpec[] {
  const dashboards = dashboardFolders(settings).flatMap((folder) =>
    folder.dashboards.map((dashboard): FileSpec => ({
      path: dashboardPath(folder.pack, dashboard.uid),
      content: JSON.stringify(dashboard.json, null, 2) + "\n",
      secretEscaping: "raw",
      reloadsLive: true,
    })),
  );
  return [
    {
      path: grafanaPaths.datasourcesFile,
      content: stringify(datasourcesDocument(settings), yamlOptions),
      secretEscaping: "yaml",
    },
    {
      path: grafanaPaths.dashboardProvidersFile,
      content: stringify(dashboardProvidersDocument(settings), yamlOptions),
      secretEscaping: "yaml",
    },
    ...dashboards,
  ];
}
