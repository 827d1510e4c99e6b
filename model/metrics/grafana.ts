import type { MetricFamily } from "./types";

/**
 * Grafana's own metrics (Grafana 12), as the stack's `grafana` scrape job
 * collects them where the stack deploys Grafana.
 */

/**
 * Every HTTP request Grafana serves (static files and `/metrics` excepted),
 * by route template (`handler`), HTTP `status_code` and `method`.
 * `status_source` is `server`, or `downstream` when a data source or plugin
 * caused the status; `slo_group` is Grafana's latency class of the route.
 * The `_count` series is the request counter.
 */
export const grafanaHttpRequestDurationSeconds: MetricFamily = {
  name: "grafana_http_request_duration_seconds",
  type: "histogram",
  help: "Histogram of latencies for HTTP requests.",
  labels: ["handler", "status_code", "method", "status_source", "slo_group"],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25],
  source: "grafana",
};

/** Every Grafana family the stack's packs read. */
export const grafanaMetrics: readonly MetricFamily[] = [grafanaHttpRequestDurationSeconds];
