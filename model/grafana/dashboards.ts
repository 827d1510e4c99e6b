import type { DashboardBuilderFn, DashboardContext } from "../dashboards";
import { sloDashboard } from "../dashboards/slo";
import type { Pack } from "../packs";
import { packSloSpecs } from "../packs/slos";
import type { SloSpec } from "../slo/spec";
import type { ResolvedSettings } from "../../settings/validate";
import { stackPacks } from "../packs/forStack";
import { stackServiceSloSpecs } from "../slo/serviceSlos";

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
 * Every dashboard of a pack: those it builds and, for each service its SLO
 * specs cover that has no SLO dashboard of the pack's own, one generated
 * from the specs like their rules.
 */
export function packDashboards(pack: Pack): DashboardBuilderFn[] {
  const own = new Set(pack.ownSloDashboards ?? []);
  const specs = packSloSpecs(pack)
    .map(({ spec }) => spec)
    .filter((spec) => !own.has(spec.service));
  return [...pack.dashboards, ...sloDashboardsOf(specs)];
}

/** One SLO dashboard per Sloth service of some specs, generated from them like their rules. */
function sloDashboardsOf(specs: readonly SloSpec[]): DashboardBuilderFn[] {
  const byService = new Map<string, SloSpec[]>();
  for (const spec of specs) byService.set(spec.service, [...(byService.get(spec.service) ?? []), spec]);
  return [...byService.values()].map(
    (sameService): DashboardBuilderFn =>
      () =>
        sloDashboard(sameService),
  );
}

/**
 * The dashboards of the enabled packs, folder by folder: one folder per
 * pack, so enabling a pack adds a folder and disabling it removes exactly
 * that folder's dashboards; then the `services` folder of the SLO
 * dashboards of the stack file's services, when they have SLOs.
 * @throws when two dashboards share a uid.
 */
export function dashboardFolders(settings: ResolvedSettings): DashboardFolder[] {
  const context: DashboardContext = { tracing: settings.jaeger.enabled };
  const seen = new Set<string>();
  const folder = (name: string, builders: readonly DashboardBuilderFn[]): DashboardFolder => {
    const title = folderTitle(name);
    const dashboards = builders.map((build): DashboardFile => {
      const json = build(context);
      const uid = stringField(json, "uid", `${name}/${build.name}`);
      if (seen.has(uid)) throw new Error(`dashboard uid '${uid}' is used twice (folder '${name}')`);
      seen.add(uid);
      return { uid, title: stringField(json, "title", uid), folder: title, json };
    });
    return { pack: name, uid: `pack-${name}`, title, dashboards };
  };
  const packFolders = stackPacks(settings)
    .filter((pack) => packDashboards(pack).length > 0)
    .map((pack) => folder(pack.name, packDashboards(pack)));
  const services = sloDashboardsOf(stackServiceSloSpecs(settings).map(({ spec }) => spec));
  return services.length > 0 ? [...packFolders, folder(servicesFolder, services)] : packFolders;
}

/** The folder of the SLO dashboards of the stack file's services (no pack is named so; a test keeps it so). */
export const servicesFolder = "services";

/** The dashboards of the enabled packs, in pack order. */
export function grafanaDashboards(settings: ResolvedSettings): DashboardFile[] {
  return dashboardFolders(settings).flatMap((folder) => folder.dashboards);
}
