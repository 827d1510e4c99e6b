/** Grafana: datasources, dashboards and the workload that serves them. */
export { grafanaDashboards, dashboardFolders, type DashboardFile, type DashboardFolder } from "./dashboards";
export { grafanaDatasources, exemplarTraceIdLabel, type GrafanaDatasource } from "./datasources";
export { datasourcesDocument, dashboardProvidersDocument, dashboardPath, grafanaPaths } from "./provisioning";
export { datasourceUids, prometheusRef, type DatasourceRef } from "./uids";
export { grafanaRootUrl, grafanaWorkload } from "./workload";
