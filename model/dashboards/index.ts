export type { DashboardContext } from "./context";
export type { DashboardBuilderFn } from "./types";
