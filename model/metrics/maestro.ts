import type { MetricFamily } from "./types";

/**
 * The metric families the Maestro ML API (seed 001) exposes on `/metrics`
 * and the maestro pack reads: HTTP RED metrics, ML business metrics
 * (models, experiments, deployments, predictions), the SQLAlchemy pool and
 * query metrics, cache, rate limiting, tenant usage, and the SLI gauges the
 * API computes itself. Names, types, labels and buckets are those of the
 * service's Python `prometheus_client` instrumentation; every family comes
 * from the `maestro-ml-api` scrape job.
 */

/** Scrape job (and `service` label) of the Maestro ML API. */
export const maestroJob = "maestro-ml-api";

const source = maestroJob;

/** Request duration buckets (seconds); `le="1"` is the latency SLO's threshold. */
export const maestroRequestDurationBuckets: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

/** HTTP metrics in the RED pattern, labelled by route template (`endpoint`), not raw path. */
const http: readonly MetricFamily[] = [
  {
    name: "http_requests_total",
    type: "counter",
    help: "HTTP requests answered, by method, route template and status code (status is the numeric code, e.g. 503).",
    labels: ["method", "endpoint", "status"],
    source,
  },
  {
    name: "http_request_duration_seconds",
    type: "histogram",
    help: "Time from receiving a request to sending its response.",
    labels: ["method", "endpoint"],
    buckets: maestroRequestDurationBuckets,
    source,
  },
  {
    name: "http_request_size_bytes",
    type: "summary",
    help: "Request body size (Content-Length); a summary without quantiles, so only _sum and _count.",
    labels: ["method", "endpoint"],
    source,
  },
  {
    name: "http_response_size_bytes",
    type: "summary",
    help: "Response body size; a summary without quantiles, so only _sum and _count.",
    labels: ["method", "endpoint"],
    source,
  },
  {
    name: "http_requests_in_progress",
    type: "gauge",
    help: "Requests being served right now (in flight) per process.",
    labels: ["method", "endpoint"],
    source,
  },
];

/** What the platform is for: models, experiments, deployments and predictions per tenant. */
const business: readonly MetricFamily[] = [
  {
    name: "models_total",
    type: "gauge",
    help: "Models that exist, by tenant and lifecycle status (e.g. active).",
    labels: ["tenant_id", "status"],
    source,
  },
  {
    name: "models_created_total",
    type: "counter",
    help: "Models created.",
    labels: ["tenant_id"],
    source,
  },
  {
    name: "models_deleted_total",
    type: "counter",
    help: "Models deleted.",
    labels: ["tenant_id"],
    source,
  },
  {
    name: "model_training_duration_seconds",
    type: "histogram",
    help: "Wall-clock time of a model training job.",
    labels: ["tenant_id", "model_type"],
    buckets: [10, 30, 60, 300, 600, 1800, 3600, 7200, 14400, 28800],
    source,
  },
  {
    name: "experiments_total",
    type: "gauge",
    help: "Experiments that exist, by tenant and status.",
    labels: ["tenant_id", "status"],
    source,
  },
  {
    name: "experiments_created_total",
    type: "counter",
    help: "Experiments created.",
    labels: ["tenant_id"],
    source,
  },
  {
    name: "experiment_runs_total",
    type: "counter",
    help: "Experiment (training) runs finished, by outcome; status=failed marks a failed training run.",
    labels: ["tenant_id", "status"],
    source,
  },
  {
    name: "deployments_total",
    type: "gauge",
    help: "Model deployments that exist, by tenant, target environment and status.",
    labels: ["tenant_id", "environment", "status"],
    source,
  },
  {
    name: "deployments_created_total",
    type: "counter",
    help: "Model deployments started, by tenant and target environment.",
    labels: ["tenant_id", "environment"],
    source,
  },
  {
    name: "deployment_duration_seconds",
    type: "histogram",
    help: "Time a model deployment takes to roll out; the last finite bucket is 10 minutes.",
    labels: ["tenant_id", "environment"],
    buckets: [5, 10, 30, 60, 120, 300, 600],
    source,
  },
  {
    name: "predictions_total",
    type: "counter",
    help: "Predictions served, by tenant, model and outcome (status=success or an error status).",
    labels: ["tenant_id", "model_id", "status"],
    source,
  },
  {
    name: "prediction_latency_seconds",
    type: "histogram",
    help: "Time a model takes to answer one prediction.",
    labels: ["tenant_id", "model_id"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    source,
  },
];

/** The API's SQLAlchemy connection pool and the queries it runs. */
const database: readonly MetricFamily[] = [
  {
    name: "db_connections_total",
    type: "gauge",
    help: "Pool connections by state: active (checked out) or idle (checked in). A gauge despite the _total suffix.",
    labels: ["state"],
    source,
  },
  {
    name: "db_pool_size",
    type: "gauge",
    help: "Configured size of the connection pool (connections kept open).",
    labels: [],
    source,
  },
  {
    name: "db_pool_overflow",
    type: "gauge",
    help: "Connections open beyond the pool size (SQLAlchemy overflow); negative while the pool is not full.",
    labels: [],
    source,
  },
  {
    name: "db_query_duration_seconds",
    type: "histogram",
    help: "Database query duration by operation (select, insert, update, delete).",
    labels: ["operation"],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    source,
  },
  {
    name: "db_queries_total",
    type: "counter",
    help: "Database queries by operation and outcome (status=success or error).",
    labels: ["operation", "status"],
    source,
  },
  {
    name: "db_connection_errors_total",
    type: "counter",
    help: "Database errors raised while running a query or acquiring a connection.",
    labels: [],
    source,
  },
];

/** The API's application caches, by cache name. */
const cache: readonly MetricFamily[] = [
  {
    name: "cache_hits_total",
    type: "counter",
    help: "Cache lookups answered from the cache.",
    labels: ["cache_name"],
    source,
  },
  {
    name: "cache_misses_total",
    type: "counter",
    help: "Cache lookups that missed and went to the backing store.",
    labels: ["cache_name"],
    source,
  },
  {
    name: "cache_operations_duration_seconds",
    type: "histogram",
    help: "Duration of a cache operation (get, set, delete).",
    labels: ["operation", "cache_name"],
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1],
    source,
  },
  {
    name: "cache_size_bytes",
    type: "gauge",
    help: "Memory a cache holds.",
    labels: ["cache_name"],
    source,
  },
  {
    name: "cache_evictions_total",
    type: "counter",
    help: "Entries evicted from a cache to make room.",
    labels: ["cache_name"],
    source,
  },
];

/** Rate limiting: rejections by limit tier (user, tenant, ip, global). */
const rateLimiting: readonly MetricFamily[] = [
  {
    name: "rate_limit_exceeded_total",
    type: "counter",
    help: "Requests rejected by a rate limit, by the tier whose limit they hit: user, tenant, ip or global.",
    labels: ["tier"],
    source,
  },
  {
    name: "rate_limit_current_usage",
    type: "gauge",
    help: "Requests counted against a limit in its current window, by tier and the limited identifier (user, tenant or IP).",
    labels: ["tier", "identifier"],
    source,
  },
];

/** Per-tenant usage and the tenant-isolation guard. */
const tenants: readonly MetricFamily[] = [
  {
    name: "tenant_requests_total",
    type: "counter",
    help: "Requests that carried a tenant (X-Tenant-ID header), by tenant.",
    labels: ["tenant_id"],
    source,
  },
  {
    name: "tenant_active_users",
    type: "gauge",
    help: "Users of a tenant active now.",
    labels: ["tenant_id"],
    source,
  },
  {
    name: "tenant_storage_bytes",
    type: "gauge",
    help: "Storage a tenant uses (models, artefacts, datasets).",
    labels: ["tenant_id"],
    source,
  },
  {
    name: "tenant_isolation_violations_total",
    type: "counter",
    help: "Requests stopped by the tenant-isolation guard for reaching another tenant's data. Any increase is a security incident.",
    labels: [],
    source,
  },
];

/**
 * SLIs the API computes in process over its last 5 minutes of requests.
 * They are per pod and short-windowed, so the pack's SLOs are computed in
 * Prometheus from `http_requests_total` instead; the SLO dashboard draws
 * these two beside them, as a check on the instrumentation. (The API's
 * `slo_availability` repeats the success rate and its
 * `slo_error_budget_remaining` covers 5 minutes, not the SLO period; the
 * pack reads neither.) The API labels them `service="api"`, which clashes
 * with the target's `service` label: Prometheus keeps the target's and
 * stores the API's as `exported_service`.
 */
const selfReportedSlis: readonly MetricFamily[] = [
  {
    name: "slo_http_request_success_rate",
    type: "gauge",
    help: "Share of requests without a 5xx over the process' last 5 minutes (0..1), as the API computes it.",
    labels: [],
    source,
  },
  {
    name: "slo_http_request_latency_p99",
    type: "gauge",
    help: "P99 request duration in seconds over the process' last 5 minutes, as the API computes it.",
    labels: [],
    source,
  },
];

/** Every family the maestro pack's rules, SLOs and dashboards read. */
export const maestroMetrics: readonly MetricFamily[] = [
  ...http,
  ...business,
  ...database,
  ...cache,
  ...rateLimiting,
  ...tenants,
  ...selfReportedSlis,
];
