import type { PromQuery } from "../panels";
import { percentiles } from "../promql";

/**
 * PromQL shared by the automation-platform dashboards. The platform's
 * histograms carry no labels of their own and several record sparse events
 * (a test run per change, an audit per schedule), so callers choose the
 * window: `$__rate_interval` for steady traffic, a fixed 15m or 1h where
 * a short window would be empty most of the time.
 */

/** Tags every dashboard of the pack carries: the stack's, and the pack name for Grafana's tag filter. */
export const automationPlatformTags = ["observability-stack", "automation-platform"];

/** Uid of one of the pack's dashboards, `automation-platform-<name>`. */
export function automationPlatformUid(name: string): string {
  return `automation-platform-${name}`;
}

/**
 * P50, P95 and P99 of a histogram (by its base name) across all its series,
 * each asking for exemplars so a slow point links to its trace.
 */
export function quantileQueries(histogram: string, window: string): PromQuery[] {
  return percentiles(`${histogram}_bucket`, { window });
}

/** Mean of a histogram's observations over a window: needs no buckets, so it holds whatever buckets the system picked. */
export function meanQuery(histogram: string, window: string): PromQuery {
  return {
    expr: `sum(rate(${histogram}_sum[${window}])) / sum(rate(${histogram}_count[${window}]))`,
    legend: "mean",
  };
}

/** Per-bucket observation rates by `le`, the shape the heatmap panel draws. */
export function bucketRatesQuery(histogram: string, window: string): PromQuery {
  return {
    expr: `sum by (le) (rate(${histogram}_bucket[${window}]))`,
    legend: "{{le}}",
    exemplar: true,
  };
}
