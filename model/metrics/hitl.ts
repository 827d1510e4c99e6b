import type { MetricFamily } from "./types";

/**
 * Metrics of the HITL API of the Adaptive Immune System (seed 004), served
 * on `hitl-api:8000/metrics` by the Python `prometheus_client`, plus the
 * exporter families the hitl pack's rules read about its PostgreSQL and
 * Redis.
 *
 * Labels are listed only where the seed names them (its sample output
 * `http_requests_total{method,endpoint,status}` and the keyword arguments of
 * its recording helpers); where it says only "by type", the label's name is
 * unknown and the list stays empty, so the metrics-presence gate never
 * demands a label the service may spell differently. Types the seed does not
 * state are the only ones its own description allows: a `*_total` is a
 * counter, a connection count a gauge, a `*_seconds`/`*_bytes` distribution
 * a histogram (the seed's percentile queries need buckets).
 *
 * Left out on purpose: `slo_requests_good`, `slo_requests_bad` and
 * `slo_requests_total`. A `prometheus_client` counter named
 * `slo_requests_good` is exposed as `slo_requests_good_total`, so the seed's
 * names cannot all be what the service serves, and the pack does not need
 * them: its SLOs count the same requests from `http_requests_total` and the
 * latency histogram.
 */

/** The pack's scrape job, which exposes every API family below. */
const source = "hitl-api";

/** RED metrics of every HTTP request, recorded by the service's FastAPI middleware. */
export const hitlHttpMetrics: readonly MetricFamily[] = [
  {
    name: "http_requests_total",
    type: "counter",
    help: "HTTP requests by method, route (endpoint) and status code.",
    labels: ["method", "endpoint", "status"],
    source,
  },
  {
    // No bucket list in the seed; the latency SLO needs a bound at 0.5 s
    // (see docs/packs/hitl.md), which the default buckets have.
    name: "http_request_duration_seconds",
    type: "histogram",
    help: "HTTP request duration in seconds (P50/P95/P99 and the 500 ms latency SLO).",
    labels: [],
    source,
  },
  {
    name: "http_request_size_bytes",
    type: "histogram",
    help: "HTTP request payload size in bytes.",
    labels: [],
    source,
  },
  {
    name: "http_response_size_bytes",
    type: "histogram",
    help: "HTTP response payload size in bytes.",
    labels: [],
    source,
  },
  {
    // prometheus_client's default process collector (Linux): the pack reads it
    // to tell a fresh deployment (DeploymentErrorRateSpike).
    name: "process_start_time_seconds",
    type: "gauge",
    help: "Start time of the service process since the Unix epoch, in seconds.",
    labels: [],
    source,
  },
  {
    name: "service_up",
    type: "gauge",
    help: "1 while the service considers itself available.",
    labels: [],
    source,
  },
];

/** Human review and APV (validation) workflow of the HITL API. */
export const hitlBusinessMetrics: readonly MetricFamily[] = [
  {
    name: "review_created_total",
    type: "counter",
    help: "Reviews created, by severity and source (e.g. api).",
    labels: ["severity", "source"],
    source,
  },
  {
    name: "review_decision_total",
    type: "counter",
    help: "Review decisions, by decision (approved, rejected, ...) and severity.",
    labels: ["decision", "severity"],
    source,
  },
  {
    name: "review_decision_duration_seconds",
    type: "histogram",
    help: "Time a review waited for its decision, in seconds.",
    labels: [],
    source,
  },
  {
    name: "apv_validation_total",
    type: "counter",
    help: "APV validations by pattern type and result (valid, or a failure result).",
    labels: ["pattern_type", "result"],
    source,
  },
  {
    name: "apv_validation_duration_seconds",
    type: "histogram",
    help: "APV validation duration in seconds.",
    labels: [],
    source,
  },
];

/** The service's view of its database pool and cache (USE), and its error counters. */
export const hitlResourceMetrics: readonly MetricFamily[] = [
  {
    name: "db_connections_active",
    type: "gauge",
    help: "Database connections of the pool checked out by requests.",
    labels: [],
    source,
  },
  {
    name: "db_connections_idle",
    type: "gauge",
    help: "Database connections open in the pool and waiting for a request.",
    labels: [],
    source,
  },
  {
    name: "db_query_duration_seconds",
    type: "histogram",
    help: "Database query duration in seconds.",
    labels: [],
    source,
  },
  {
    name: "db_query_errors_total",
    type: "counter",
    help: "Failed database queries, by error type.",
    labels: [],
    source,
  },
  {
    name: "cache_operations_total",
    type: "counter",
    help: "Cache lookups (hits and misses).",
    labels: [],
    source,
  },
  {
    name: "cache_hit_ratio",
    type: "gauge",
    help: "Share of cache lookups answered from the cache (0 to 1).",
    labels: [],
    source,
  },
  {
    name: "cache_evictions_total",
    type: "counter",
    help: "Entries evicted from the cache.",
    labels: [],
    source,
  },
  {
    name: "app_errors_total",
    type: "counter",
    help: "Application errors, by type and severity.",
    labels: [],
    source,
  },
  {
    name: "app_exceptions_total",
    type: "counter",
    help: "Unhandled exceptions, by exception type.",
    labels: [],
    source,
  },
];

/**
 * The HITL API's PostgreSQL and Redis as their stack exporters
 * (`exporters.postgres` / `exporters.redis`) report them. Only what the
 * pack reads; the exporters serve many more families.
 */
export const hitlDependencyMetrics: readonly MetricFamily[] = [
  {
    name: "pg_up",
    type: "gauge",
    help: "Whether postgres_exporter's last scrape could connect to PostgreSQL (1 yes, 0 no).",
    labels: [],
    source: "postgres-exporter",
  },
  {
    name: "redis_up",
    type: "gauge",
    help: "Whether redis_exporter's last scrape could reach Redis (1 yes, 0 no).",
    labels: [],
    source: "redis-exporter",
  },
];

/** Every family the hitl pack's rules, SLOs and dashboards read or the seed names for the API. */
export const hitlMetrics: readonly MetricFamily[] = [
  ...hitlHttpMetrics,
  ...hitlBusinessMetrics,
  ...hitlResourceMetrics,
  ...hitlDependencyMetrics,
];
