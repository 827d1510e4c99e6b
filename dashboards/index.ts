import type { DashboardContext } from "./context";
import { serviceRed, serviceRedUid } from "./serviceRed";
import { stackOverview, stackOverviewUid } from "./stackOverview";

export type { DashboardContext } from "./context";

/** Builds one dashboard's classic JSON model. */
export type DashboardBuilderFn = (context: DashboardContext) => Record<string, unknown>;

/**
 * Every dashboard the project ships, keyed by dashboard id: the ids packs
 * list in `model/packs.ts`. The id is also the dashboard's uid, so a pack's
 * listing, the file name and Grafana's URL all say the same thing.
 */
export const dashboardBuilders: Readonly<Record<string, DashboardBuilderFn>> = {
  [stackOverviewUid]: stackOverview,
  [serviceRedUid]: serviceRed,
};
