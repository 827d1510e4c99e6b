import type { DashboardBuilderFn, DashboardContext } from "../dashboards";
import { sloDashboard } from "../dashboards/slo";
import type { Pack } from "../packs";
import { packSloSpecs } from "../packs/slos";
import type { SloSpec } from "../slo/spec";
import type { ResolvedSettings } from "../../settings/validate";
import { stackPacks } from "../packs/forStack";

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

/** `automation-platform` → `Automation platform`. */
function folderTitle(pack: string): string {
  const words = pack.replaceAll("-", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function stringField(json: Record<string, unknown>, field: string, id: string): string {
  const value = json[field];
  if (typeof value !== "string" || value === "") throw new Error(`dashboard '${id}' has no ${field}`);
  return value;
}

/**
 * Every dashboard of a pack: those it builds and one SLO dashboard per
 * service its SLO specs cover, generated from the specs like their rules.
 */
export function packDashboards(pack: Pack): DashboardBuilderFn[] {
  const byService = new Map<string, SloSpec[]>();
  for (const { spec } of packSloSpecs(pack)) {
    byService.set(spec.service, [...(byService.get(spec.service) ?? []), spec]);
  }
  const sloDashboards = [...byService.values()].map(
    (specs): DashboardBuilderFn =>
      () =>
        sloDashboard(specs),
  );
  return [...pack.dashboards, ...sloDashboards];
}

/**
 * The dashboards of the enabled packs, folder by folder: one folder per
 * pack, so enabling a pack adds a folder and disabling it removes exactly
 * that folder's dashboards.
 * @throws when two dashboards share a uid.
 */
export function dashboardFolders(settings: ResolvedSettings): DashboardFolder[] {
  const context: DashboardContext = { tracing: settings.jaeger.enabled };
  const seen = new Set<string>();
  return stackPacks(settings)
    .filter((pack) => packDashboards(pack).length > 0)
    .map((pack) => {
      const title = folderTitle(pack.name);
      const dashboards = packDashboards(pack).map((build): DashboardFile => {
        const json = build(context);
        const uid = stringField(json, "uid", `${pack.name}/${build.name}`);
        if (seen.has(uid)) throw new Error(`dashboard uid '${uid}' is used twice (pack '${pack.name}')`);
        seen.add(uid);
        return { uid, title: stringField(json, "title", uid), folder: title, json };
      });
      return { pack: pack.name, uid: `pack-${pack.name}`, title, dashboards };
    });
}

/** The dashboards of the enabled packs, in pack order. */
export function grafanaDashboards(settings: ResolvedSettings): DashboardFile[] {
  return dashboardFolders(settings).flatMap((folder) => folder.dashboards);
}
