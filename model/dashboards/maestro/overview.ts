import { DashboardBuilder, DashboardCursorSync } from "@grafana/grafana-foundation-sdk/dashboard";
import { gaugePanel, row, statPanel, timeseriesPanel } from "../panels";
import { availabilityGauge, errorBudgetGauge } from "./sloGauges";
import { renderDashboard } from "../render";
import { percentiles, quantile, rate } from "../promql";
import { api } from "./selectors";

/** Stable uid: runbooks link to it. */
export const maestroOverviewUid = "maestro-overview";

const requests = `http_requests_total{${api}}`;
const requestBuckets = `http_request_duration_seconds_bucket{${api}}`;

function sloSummaryRow(builder: DashboardBuilder): DashboardBuilder {
  return builder
    .withRow(row("SLO summary"))
    .withPanel(availabilityGauge())
    .withPanel(
      gaugePanel({
        title: "P99 latency",
        description: "99th percentile request duration over the last rate interval. The latency SLO is P99 under 1s.",
        queries: [{ expr: quantile(0.99, requestBuckets), exemplar: true }],
        unit: "s",
        min: 0,
        max: 5,
        steps: [
          { value: null, color: "green" },
          { value: 1, color: "orange" },
          { value: 2.5, color: "red" },
        ],
      }),
    )
    .withPanel(errorBudgetGauge())
    .withPanel(
      statPanel({
        title: "Instances up",
        description: "API instances answering their metrics scrape. DOWN when none does (ServiceDown).",
        queries: [{ expr: `sum(up{${api}})` }],
        steps: [
          { value: null, color: "red" },
          { value: 1, color: "green" },
        ],
        valueText: { "0": { text: "DOWN", color: "red" } },
        height: 6,
      }),
    );
}

function requestsRow(builder: DashboardBuilder): DashboardBuilder {
  const total = `sum(${rate(requests)})`;
  return builder
    .withRow(row("Requests (RED)"))
    .withPanel(
      timeseriesPanel({
        title: "Request rate by method",
        description: "Requests per second by HTTP method.",
        queries: [{ expr: `sum by (method) (${rate(requests)})`, legend: "{{method}}" }],
        unit: "reqps",
        stacked: true,
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Error ratio",
        description:
          "Share of requests answered with 5xx (the service's errors; HighErrorRate fires above 1%) and with 4xx (the clients').",
        queries: [
          { expr: `sum(${rate(`http_requests_total{${api}, status=~"5.."}`)}) / ${total}`, legend: "5xx" },
          { expr: `sum(${rate(`http_requests_total{${api}, status=~"4.."}`)}) / ${total}`, legend: "4xx" },
        ],
        unit: "percentunit",
        min: 0,
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Request duration",
        description: "P50, P95 and P99 request duration. Exemplar dots link to the traces behind them.",
        queries: percentiles(requestBuckets),
        unit: "s",
        min: 0,
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Requests in progress",
        description:
          "Requests being served right now, by route. A pile-up here comes before latency percentiles show it (RequestsInProgressHigh: over 50 on one instance).",
        queries: [{ expr: `sum by (endpoint) (http_requests_in_progress{${api}})`, legend: "{{endpoint}}" }],
        unit: "short",
        stacked: true,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Average request and response size",
        description: "Mean body size of requests and responses (summary _sum over _count).",
        queries: [
          {
            expr: `sum(${rate(`http_request_size_bytes_sum{${api}}`)}) / sum(${rate(`http_request_size_bytes_count{${api}}`)})`,
            legend: "request",
          },
          {
            expr: `sum(${rate(`http_response_size_bytes_sum{${api}}`)}) / sum(${rate(`http_response_size_bytes_count{${api}}`)})`,
            legend: "response",
          },
        ],
        unit: "bytes",
        min: 0,
      }),
    );
}

function businessRow(builder: DashboardBuilder): DashboardBuilder {
  const predictionBuckets = `prediction_latency_seconds_bucket{${api}}`;
  const trainingBuckets = `model_training_duration_seconds_bucket{${api}}`;
  return builder
    .withRow(row("Business: models, experiments, predictions"))
    .withPanel(
      statPanel({
        title: "Active models",
        description: "Models in status active, across tenants (max over pods, which all export the same count).",
        queries: [{ expr: `sum(max by (tenant_id) (models_total{${api}, status="active"}))` }],
        steps: [{ value: null, color: "blue" }],
        width: 4,
        height: 8,
      }),
    )
    .withPanel(
      statPanel({
        title: "Experiments",
        description:
          "Experiments that exist, by status, across tenants (max over pods, which all export the same count).",
        queries: [
          {
            expr: `sum by (status) (max by (tenant_id, status) (experiments_total{${api}}))`,
            legend: "{{status}}",
          },
        ],
        steps: [{ value: null, color: "blue" }],
        width: 4,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Models created and deleted",
        description:
          "Models created and deleted per second, by tenant. NoModelsCreated fires after about an hour without one.",
        queries: [
          { expr: `sum by (tenant_id) (${rate(`models_created_total{${api}}`)})`, legend: "created {{tenant_id}}" },
          { expr: `-sum by (tenant_id) (${rate(`models_deleted_total{${api}}`)})`, legend: "deleted {{tenant_id}}" },
        ],
        unit: "ops",
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Experiments created and training runs",
        description:
          "Experiments created, and training runs finished by outcome. HighModelFailureRate fires when over 20% fail.",
        queries: [
          { expr: `sum(${rate(`experiments_created_total{${api}}`)})`, legend: "experiments created" },
          { expr: `sum by (status) (${rate(`experiment_runs_total{${api}}`)})`, legend: "runs {{status}}" },
        ],
        unit: "ops",
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Predictions by outcome",
        description:
          "Predictions served per second by status. HighPredictionErrorRate fires when over 5% are not success.",
        queries: [{ expr: `sum by (status) (${rate(`predictions_total{${api}}`)})`, legend: "{{status}}" }],
        unit: "ops",
        stacked: true,
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Prediction latency P95 by tenant",
        description: "95th percentile prediction latency per tenant; PredictionLatencyHigh fires above 100ms overall.",
        queries: [
          { expr: quantile(0.95, predictionBuckets, { by: ["tenant_id"] }), legend: "{{tenant_id}}", exemplar: true },
        ],
        unit: "s",
        min: 0,
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Model training duration",
        description: "Median and P95 training time by model type.",
        queries: [
          {
            expr: quantile(0.5, trainingBuckets, { by: ["model_type"] }),
            legend: "p50 {{model_type}}",
            exemplar: true,
          },
          {
            expr: quantile(0.95, trainingBuckets, { by: ["model_type"] }),
            legend: "p95 {{model_type}}",
            exemplar: true,
          },
        ],
        unit: "s",
        min: 0,
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Deployments started",
        description: "Model deployments started per second, by target environment.",
        queries: [
          { expr: `sum by (environment) (${rate(`deployments_created_total{${api}}`)})`, legend: "{{environment}}" },
        ],
        unit: "ops",
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Deployment duration P95",
        description:
          "95th percentile rollout time by environment. It cannot show more than 600s, the last bucket; SlowDeployments counts the deployments above it.",
        queries: [
          {
            expr: quantile(0.95, `deployment_duration_seconds_bucket{${api}}`, { by: ["environment"] }),
            legend: "{{environment}}",
            exemplar: true,
          },
        ],
        unit: "s",
        min: 0,
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Deployments by status",
        description: "Model deployments that exist, by status and environment.",
        queries: [
          {
            expr: `sum by (environment, status) (max by (tenant_id, environment, status) (deployments_total{${api}}))`,
            legend: "{{environment}} {{status}}",
          },
        ],
        unit: "short",
        stacked: true,
        width: 8,
      }),
    );
}

function infrastructureRow(builder: DashboardBuilder): DashboardBuilder {
  return builder
    .withRow(row("Infrastructure: database, cache, rate limits"))
    .withPanel(
      timeseriesPanel({
        title: "Database connection pool",
        description:
          "Connections checked out (active) and idle against the pool size, per instance; overflow counts connections beyond it. DatabaseConnectionPoolExhausted fires above 90% active.",
        queries: [
          { expr: `sum by (instance) (db_connections_total{${api}, state="active"})`, legend: "active {{instance}}" },
          { expr: `sum by (instance) (db_connections_total{${api}, state="idle"})`, legend: "idle {{instance}}" },
          { expr: `sum by (instance) (db_pool_size{${api}})`, legend: "pool size {{instance}}" },
          { expr: `sum by (instance) (db_pool_overflow{${api}})`, legend: "overflow {{instance}}" },
        ],
        unit: "short",
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Database query duration P95",
        description: "95th percentile query time by operation; SlowDatabaseQueries fires above 1s overall.",
        queries: [
          {
            expr: quantile(0.95, `db_query_duration_seconds_bucket{${api}}`, { by: ["operation"] }),
            legend: "{{operation}}",
            exemplar: true,
          },
        ],
        unit: "s",
        min: 0,
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Failed database queries",
        description: "Share of queries failing, by operation. HighDatabaseQueryErrorRate fires above 1% overall.",
        queries: [
          {
            expr:
              `sum by (operation) (${rate(`db_queries_total{${api}, status="error"}`)}) / ` +
              `sum by (operation) (${rate(`db_queries_total{${api}}`)})`,
            legend: "{{operation}}",
          },
        ],
        unit: "percentunit",
        min: 0,
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Database errors",
        description: "Database errors per second (connection or query). DatabaseConnectionErrors fires above 0.1/s.",
        queries: [{ expr: `sum(${rate(`db_connection_errors_total{${api}}`)})`, legend: "errors" }],
        unit: "ops",
        min: 0,
        width: 6,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Cache hit ratio",
        description: "Share of lookups answered from each cache. LowCacheHitRate fires under 50%.",
        queries: [
          {
            expr:
              `sum by (cache_name) (${rate(`cache_hits_total{${api}}`)}) / ` +
              `(sum by (cache_name) (${rate(`cache_hits_total{${api}}`)}) + sum by (cache_name) (${rate(`cache_misses_total{${api}}`)}))`,
            legend: "{{cache_name}}",
          },
        ],
        unit: "percentunit",
        min: 0,
        width: 6,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Cache evictions",
        description: "Entries evicted per second by cache. HighCacheEvictionRate fires above 100/s.",
        queries: [{ expr: `sum by (cache_name) (${rate(`cache_evictions_total{${api}}`)})`, legend: "{{cache_name}}" }],
        unit: "ops",
        min: 0,
        width: 6,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Cache size",
        description: "Memory each cache holds (max over pods).",
        queries: [{ expr: `max by (cache_name) (cache_size_bytes{${api}})`, legend: "{{cache_name}}" }],
        unit: "bytes",
        min: 0,
        width: 6,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Rate-limit rejections by tier",
        description: "Requests rejected per second by the limit they hit: user, tenant, ip or global.",
        queries: [{ expr: `sum by (tier) (${rate(`rate_limit_exceeded_total{${api}}`)})`, legend: "{{tier}}" }],
        unit: "reqps",
        stacked: true,
        width: 12,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Rate-limit usage (top 10)",
        description:
          "Requests counted against a limit in its current window, for the ten most loaded users, tenants or IPs.",
        queries: [
          {
            expr: `topk(10, max by (tier, identifier) (rate_limit_current_usage{${api}}))`,
            legend: "{{tier}} {{identifier}}",
          },
        ],
        unit: "short",
        width: 12,
      }),
    );
}

function tenantsRow(builder: DashboardBuilder): DashboardBuilder {
  return builder
    .withRow(row("Tenants"))
    .withPanel(
      timeseriesPanel({
        title: "Requests by tenant (top 10)",
        description: "Requests per second of the ten busiest tenants.",
        queries: [
          {
            expr: `topk(10, sum by (tenant_id) (${rate(`tenant_requests_total{${api}}`)}))`,
            legend: "{{tenant_id}}",
          },
        ],
        unit: "reqps",
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Active users by tenant (top 10)",
        description: "Active users of the ten largest tenants.",
        queries: [{ expr: `topk(10, max by (tenant_id) (tenant_active_users{${api}}))`, legend: "{{tenant_id}}" }],
        unit: "short",
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Storage by tenant (top 10)",
        description:
          "Storage of the ten largest tenants. The quota is 100GiB: TenantStorageNearQuota from 80GiB, TenantStorageQuotaExceeded above 100GiB.",
        queries: [{ expr: `topk(10, max by (tenant_id) (tenant_storage_bytes{${api}}))`, legend: "{{tenant_id}}" }],
        unit: "bytes",
        min: 0,
        width: 8,
      }),
    );
}

/**
 * Maestro ML API overview (seed 001), in the seed's five rows: SLO summary,
 * requests (RED), business metrics, infrastructure (database, cache, rate
 * limits) and tenants. SLO numbers come from the SLO recording rules, so
 * they agree with the alerts; latency panels ask for exemplars, so a slow
 * point opens its trace in Jaeger.
 */
export function maestroOverview(): Record<string, unknown> {
  let builder = new DashboardBuilder("Maestro ML API: overview")
    .uid(maestroOverviewUid)
    .description(
      "Maestro ML API health at a glance: SLOs, RED metrics, ML business metrics, infrastructure and tenants.",
    )
    .tags(["observability-stack", "maestro"])
    .editable()
    .tooltip(DashboardCursorSync.Tooltip)
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser");
  for (const addRow of [sloSummaryRow, requestsRow, businessRow, infrastructureRow, tenantsRow]) {
    builder = addRow(builder);
  }
  return renderDashboard(builder);
}
