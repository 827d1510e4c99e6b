import type { DashboardContext } from "../../model/dashboards";
import { packDashboards } from "../../model/grafana/dashboards";
import { rulesRoot, type Pack } from "../../model/packs";
import { packRuleFiles, type PackRule } from "../../model/packs/rules";
import { dashboardContexts } from "../../model/stack/usage";
import * as path from "node:path";

export { packRuleFiles, packRules } from "../../model/packs/rules";
export { dashboardContexts, packExpressions } from "../../model/stack/usage";

/** The repository root (rules/ lives under it). */
export const repositoryRoot = path.resolve(rulesRoot, "..");

/** The alerting rules of a pack's reviewed files. */
export function packAlerts(pack: Pack): PackRule[] {
  return packRuleFiles(pack)
    .flatMap(({ parsed }) => parsed.groups.flatMap((group) => group.rules))
    .filter((rule) => rule.alert !== undefined);
}

/** A dashboard as far as the tests read it. */
export interface DashboardJson {
  uid: string;
  title: string;
  tags?: string[];
  panels: {
    id?: number;
    type: string;
    title?: string;
    datasource?: { type?: string; uid?: string };
    targets?: { refId?: string; expr?: string; exemplar?: boolean; datasource?: { uid?: string } }[];
    /** Panels of a collapsed row. */
    panels?: DashboardJson["panels"];
  }[];
  templating?: {
    list: { name: string; type?: string; query?: unknown; definition?: string; datasource?: { uid?: string } }[];
  };
}

/** Every panel of a dashboard, those inside collapsed rows included, rows themselves excluded. */
export function dataPanels(dashboard: DashboardJson): DashboardJson["panels"] {
  return dashboard.panels.flatMap((panel) => (panel.type === "row" ? (panel.panels ?? []) : [panel]));
}

/** Every dashboard of a pack (its own and its SLO dashboards) in every context. */
export function packDashboardJson(pack: Pack): DashboardJson[] {
  return packDashboards(pack).flatMap((build) =>
    dashboardContexts.map((context: DashboardContext) => build(context) as unknown as DashboardJson),
  );
}
