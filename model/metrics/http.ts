import type { MetricFamily } from "./types";

/**
 * The HTTP server metrics the red pack reads, named and labelled the way
 * the common Prometheus client middlewares expose them: a request counter
 * with the response status and a duration histogram. Any service exposing
 * both gets the red pack's alerts and dashboard.
 */
export const httpServerMetrics: readonly MetricFamily[] = [
  {
    name: "http_requests_total",
    type: "counter",
    help: "HTTP requests answered, by response status code.",
    labels: ["status"],
    source: "any service",
  },
  {
    name: "http_request_duration_seconds",
    type: "histogram",
    help: "Time from request received to response written, in seconds.",
    labels: [],
    source: "any service",
  },
];
