/**
 * PromQL shared by the HITL API dashboards: the same selectors as the hitl
 * pack's rules (`service="hitl-api"`, the pack's scrape job) and the same
 * SLO series (generated from slos/hitl/*.yml), so a panel shows what an
 * alert judges.
 */
import { quantile, rate } from "../promql";

/** The pack's scrape job and `service` label. */
export const hitlService = 'service="hitl-api"';

export const requests = `http_requests_total{${hitlService}}`;
export const serverErrors = `http_requests_total{${hitlService}, status=~"5.."}`;
export const clientErrors = `http_requests_total{${hitlService}, status=~"4.."}`;
export const durationBuckets = `http_request_duration_seconds_bucket{${hitlService}}`;

/** Selects the availability SLO's generated series. */
export const availabilitySlo = 'sloth_id="hitl-api-requests-availability"';
/** Selects the latency SLO's generated series. */
export const latencySlo = 'sloth_id="hitl-api-requests-latency"';
/** Selects both SLOs' generated series. */
export const bothSlos = 'sloth_service="hitl-api"';

/** Share of requests answered with a status matching `selector` (5xx, 4xx). */
export function requestRatio(selector: string): string {
  return `sum(${rate(selector)}) / sum(${rate(requests)})`;
}

/** A request-duration percentile over all instances and routes. */
export function latencyQuantile(q: number): string {
  return quantile(q, durationBuckets);
}

/**
 * SLI error ratio of the last 7 days, the seed's latency window: the mean of
 * the hourly ratios (a subquery reads 168 samples, not every evaluation's),
 * exactly as LatencySLOBreach computes it.
 */
export function errorRatio7d(slo: string): string {
  return `avg_over_time(slo:sli_error:ratio_rate1h{${slo}}[7d:1h])`;
}

/** Burn rate over one of the generator's windows: SLI error ratio over the error budget. */
export function burnRate(window: string, slo: string): string {
  return (
    `slo:sli_error:ratio_rate${window}{${slo}} ` +
    `/ on (sloth_id, sloth_service, sloth_slo) slo:error_budget:ratio{${slo}}`
  );
}
