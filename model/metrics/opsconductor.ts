import type { MetricFamily } from "./types";

/**
 * Metrics of OpsConductor (seeds 000 and 003), exactly as the seed's metric
 * tables give them: the AI execution families and the selector families that
 * `automation-service` serves on its `:8010/metrics`. The metrics-presence
 * gate checks a live endpoint against these names, types, labels and
 * buckets, so nothing here is guessed beyond the help texts.
 *
 * The seed names no families for the `:3003` main endpoint or the
 * ai-pipeline's `/pipeline/metrics` ("if available"), and the pack reads
 * none from them, so neither has entries here.
 */

/** The scrape job that exposes every family below. */
const source = "automation-service";

/**
 * AI execution path: one request per tool run. `status` is `success` or
 * `error`; `tool` is the tool run (echo, ssh, powershell, ...); `reason`
 * classifies a failure.
 */
export const opsconductorAiMetrics: readonly MetricFamily[] = [
  {
    name: "ai_requests_total",
    type: "counter",
    help: "AI execution requests by outcome (success or error) and tool.",
    labels: ["status", "tool"],
    source,
  },
  {
    name: "ai_request_errors_total",
    type: "counter",
    help: "Failed AI execution requests by failure reason and tool.",
    labels: ["reason", "tool"],
    source,
  },
  {
    name: "ai_request_duration_seconds",
    type: "histogram",
    help: "Duration of AI execution requests by tool, in seconds.",
    labels: ["tool"],
    buckets: [0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0],
    source,
  },
];

/**
 * Selector path: target selection answered fresh from the database, from
 * its cache, or degraded (stale cache while the database fails). `status`
 * is `ok` or `error`; `source` is `fresh`, `cache` or `degraded`.
 */
export const opsconductorSelectorMetrics: readonly MetricFamily[] = [
  {
    name: "selector_requests_total",
    type: "counter",
    help: "Selector requests by outcome (ok or error) and answer source (fresh, cache or degraded).",
    labels: ["status", "source"],
    source,
  },
  {
    name: "selector_request_duration_seconds",
    type: "histogram",
    help: "Duration of selector requests, in seconds.",
    labels: [],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    source,
  },
  {
    name: "selector_db_errors_total",
    type: "counter",
    help: "Database errors the selector met while answering requests.",
    labels: [],
    source,
  },
  {
    name: "selector_cache_evictions_total",
    type: "counter",
    help: "Entries evicted from the selector cache.",
    labels: [],
    source,
  },
  {
    name: "selector_cache_entries",
    type: "gauge",
    help: "Entries currently held in the selector cache.",
    labels: [],
    source,
  },
  {
    name: "selector_cache_ttl_seconds",
    type: "gauge",
    help: "Time to live of selector cache entries, in seconds.",
    labels: [],
    source,
  },
  {
    name: "selector_build_info",
    type: "gauge",
    help: "Always 1; the labels name the running selector build.",
    labels: ["version", "git_commit", "built_at"],
    source,
  },
];

/** Every family the OpsConductor pack reads and its metrics-presence gate requires. */
export const opsconductorMetrics: readonly MetricFamily[] = [...opsconductorAiMetrics, ...opsconductorSelectorMetrics];
