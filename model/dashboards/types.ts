import type { DashboardContext } from "./context";

/** Builds one dashboard's classic JSON model (with a stable `uid` and a `title`). */
export type DashboardBuilderFn = (context: DashboardContext) => Record<string, unknown>;
