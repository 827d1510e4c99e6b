import { stringify } from "yaml";
import type { ResolvedSettings } from "../../settings/validate";
import type { FileSpec } from "../workload";
import { dashboardFolders } from "./dashboards";
import { grafanaDatasources } from "./datasources";

/** No line folding: long PromQL stays on one line for review. */
const yamlOptions = { lineWidth: 0 };

/** Where Grafana reads its provisioning and the dashboard JSON inside the container. */
export const grafanaPaths = {
  provisioning: "/etc/grafana/provisioning",
  datasourcesFile: "/etc/grafana/provisioning/datasources/observability-stack.yaml",
  dashboardProvidersFile: "/etc/grafana/provisioning/dashboards/observability-stack.yaml",
  /** One sub-directory per pack. */
  dashboards: "/etc/grafana/dashboards",
  /** Holds only the two secret files, so it becomes one Kubernetes Secret. */
  secrets: "/etc/grafana/secrets",
  data: "/var/lib/grafana",
} as const;

/** Path of a dashboard's JSON file inside the container. */
export function dashboardPath(pack: string, uid: string): string {
  return `${grafanaPaths.dashboards}/${pack}/${uid}.json`;
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
      jsonData: source.jsonData,
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
      updateIntervalSeconds: 60,
      options: { path: `${grafanaPaths.dashboards}/${folder.pack}`, foldersFromFilesStructure: false },
    })),
  };
}

/** Every provisioning file plus the dashboard JSON files. */
export function provisioningFiles(settings: ResolvedSettings): FileSpec[] {
  const dashboards = dashboardFolders(settings).flatMap((folder) =>
    folder.dashboards.map((dashboard): FileSpec => ({
      path: dashboardPath(folder.pack, dashboard.uid),
      content: JSON.stringify(dashboard.json, null, 2) + "\n",
      secretEscaping: "raw",
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
