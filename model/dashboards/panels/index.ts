/**
 * The few panel shapes the stack's dashboards use, built with the Grafana
 * Foundation SDK, one module per kind. Every panel and every query names
 * the Prometheus datasource by its fixed uid, so the JSON works unchanged in
 * the provisioned Grafana and in an external one.
 */
export { gaugePanel } from "./gauge";
export { heatmapPanel } from "./heatmap";
export { labelVariable, row } from "./layout";
export { statPanel } from "./stat";
export { tablePanel } from "./table";
export { timeseriesPanel } from "./timeseries";
export type { PanelSpec, PromQuery, Step } from "./types";
