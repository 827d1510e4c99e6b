import { dashboardBuilders, type DashboardContext } from "../../dashboards";
import type { ResolvedSettings } from "../../settings/validate";
import { enabledPacks } from "../packs";

/** One dashboard ready to provision or push. */
export interface DashboardFile {
  readonly uid: string;
  readonly title: string;
  /** Title of the Grafana folder it belongs in (one folder per pack). */
  readonly folder: string;
  /** Classic dashboard JSON model. */
  readonly json: Record<string, unknown>;
}

/** The dashboards of one pack, provisioned into one Grafana folder. */
export interface DashboardFolder {
  /** Pack name; also the directory the JSON files are mounted in. */
  readonly pack: string;
  /** Stable folder uid, `pack-<name>`. */
  readonly uid: string;
  readonly title: string;
  readonly dashboards: readonly DashboardFile[];
}

function folderTitle(pack: string): string {
  return pack.charAt(0).toUpperCase() + pack.slice(1);
}

function stringField(json: Record<string, unknown>, field: string, id: string): string {
  const value = json[field];
  if (typeof value !== "string" || value === "") throw new Error(`dashboard '${id}' has no ${field}`);
  return value;
}

/**
 * The dashboards of the enabled packs, folder by folder: one folder per
 * pack, so enabling a pack adds a folder and disabling it removes exactly
 * that folder's dashboards.
 * @throws when a pack lists a dashboard id that has no builder, or two
 *   dashboards share a uid.
 */
export function dashboardFolders(settings: ResolvedSettings): DashboardFolder[] {
  const context: DashboardContext = { tracing: settings.jaeger.enabled };
  const seen = new Set<string>();
  return enabledPacks(settings.packs)
    .filter((pack) => pack.dashboards.length > 0)
    .map((pack) => {
      const title = folderTitle(pack.name);
      const dashboards = pack.dashboards.map((id): DashboardFile => {
        const build = dashboardBuilders[id];
        if (build === undefined) {
          throw new Error(
            `pack '${pack.name}' lists dashboard '${id}', which dashboards/index.ts does not register; ` +
              `registered: ${Object.keys(dashboardBuilders).join(", ")}`,
          );
        }
        const json = build(context);
        const uid = stringField(json, "uid", id);
        if (seen.has(uid)) throw new Error(`dashboard uid '${uid}' is used twice (pack '${pack.name}')`);
        seen.add(uid);
        return { uid, title: stringField(json, "title", id), folder: title, json };
      });
      return { pack: pack.name, uid: `pack-${pack.name}`, title, dashboards };
    });
}

/** The dashboards of the enabled packs, in pack order. */
export function grafanaDashboards(settings: ResolvedSettings): DashboardFile[] {
  return dashboardFolders(settings).flatMap((folder) => folder.dashboards);
}
