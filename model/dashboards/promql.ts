import type { PromQuery } from "./panels";

/**
 * The PromQL helpers every dashboard builds its queries with, so that the
 * same question is asked the same way on every panel.
 */

/**
 * Grafana's rate window: at least four scrape intervals and never shorter
 * than the panel's step, so a rate always spans enough samples.
 */
export const rateWindow = "$__rate_interval";

/** Per-second rate of a counter selector over a window (Grafana's rate interval unless given). */
export function rate(selector: string, window: string = rateWindow): string {
  return `rate(${selector}[${window}])`;
}

/**
 * `histogram_quantile` of a `_bucket` selector, summed over every label but
 * `le` and those in `by` (one line per value of each).
 */
export function quantile(
  q: number,
  bucketSelector: string,
  options: { readonly by?: readonly string[]; readonly window?: string } = {},
): string {
  const labels = [...(options.by ?? []), "le"].join(", ");
  return `histogram_quantile(${q}, sum by (${labels}) (${rate(bucketSelector, options.window)}))`;
}

/**
 * Latency percentiles of a `_bucket` selector as a panel's queries
 * (`p50`, `p95`, `p99` unless told), each asking for exemplars so that a
 * slow point links to its trace.
 */
export function percentiles(
  bucketSelector: string,
  options: { readonly quantiles?: readonly number[]; readonly window?: string } = {},
): PromQuery[] {
  return (options.quantiles ?? [0.5, 0.95, 0.99]).map((q) => ({
    expr: quantile(q, bucketSelector, options.window === undefined ? {} : { window: options.window }),
    legend: `p${Math.round(q * 100)}`,
    exemplar: true,
  }));
}
