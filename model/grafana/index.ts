/** Grafana: datasources, dashboards and the workload that serves them. */
export { grafanaDashboards, dashboardFolders, type DashboardFile, type DashboardFolder } from "./dashboards";
export { grafanaDatasources, exemplarTraceIdLabel, type DatasourceSecret, type GrafanaDatasource } from "./datasources";
export { grafanaPaths, grafanaSecretPaths } from "./paths";
export { datasourcesDocument, dashboardProvidersDocument, dashboardPath } from "./provisioning";
export { grafanaHealth, grafanaPortName, grafanaRootUrl, grafanaServesTls } from "./server";
export { datasourceUids, prometheusRef, type DatasourceRef } from "../dashboards/uids";
export { grafanaWorkload } from "./workload";
