/**
 * Fixed datasource uids. Dashboards, exemplar links and trace-to-metrics
 * links refer to datasources by uid, so the uids are part of the contract:
 * the same in the provisioned Grafana and in an external one.
 */
export const datasourceUids = {
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  jaeger: "jaeger",
} as const;

/** A Grafana datasource reference as dashboards and links carry it. */
export interface DatasourceRef {
  readonly type: string;
  readonly uid: string;
}

/** The reference every dashboard panel and variable uses. */
export const prometheusRef: DatasourceRef = { type: "prometheus", uid: datasourceUids.prometheus };
