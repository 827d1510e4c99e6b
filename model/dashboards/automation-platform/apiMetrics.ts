import { DashboardBuilder, DashboardCursorSync } from "@grafana/grafana-foundation-sdk/dashboard";
import { heatmapPanel, row, statPanel, timeseriesPanel } from "../panels";
import { renderDashboard } from "../render";
import { automationPlatformTags, automationPlatformUid, bucketRatesQuery, quantileQueries } from "./queries";

/** Stable uid: the pack doc and the APIRateLimitApproaching runbook point at it. */
export const apiMetricsUid = automationPlatformUid("api-metrics");

const requests = "deepseek_api_request_duration_seconds";
const errorRatio =
  "sum(rate(deepseek_api_errors_total[$__rate_interval])) / sum(rate(deepseek_api_calls_total[$__rate_interval]))";

/**
 * The DeepSeek API as the platform sees it: calls, errors, rate-limit
 * rejections (the APIRateLimitApproaching alert's hourly count), request
 * duration and token use. These are the components' client-side metrics;
 * DeepSeek itself is not scraped.
 */
export function apiMetrics(): Record<string, unknown> {
  const builder = new DashboardBuilder("Automation platform: API metrics")
    .uid(apiMetricsUid)
    .description("DeepSeek API calls, errors, rate limits, latency and token use, from the platform's API client.")
    .tags(automationPlatformTags)
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .withRow(row("Now"))
    .withPanel(
      statPanel({
        title: "Calls per second",
        description: "DeepSeek API requests per second.",
        queries: [{ expr: "sum(rate(deepseek_api_calls_total[$__rate_interval]))" }],
        unit: "reqps",
        steps: [{ value: null, color: "blue" }],
      }),
    )
    .withPanel(
      statPanel({
        title: "Error ratio",
        description: "Share of DeepSeek API requests that failed.",
        queries: [{ expr: errorRatio }],
        unit: "percentunit",
        steps: [{ value: null, color: "blue" }],
      }),
    )
    .withPanel(
      statPanel({
        title: "Rate-limited (1h)",
        description:
          "Requests rejected by DeepSeek's rate limiting in the last hour, per service. More than 80 for 5 minutes warns (APIRateLimitApproaching).",
        queries: [{ expr: "sum by (service) (increase(deepseek_api_rate_limits_total[1h]))", legend: "{{service}}" }],
        steps: [
          { value: null, color: "green" },
          { value: 40, color: "orange" },
          { value: 80, color: "red" },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Latest response time",
        description: "Response time of the latest DeepSeek API request, slowest process.",
        queries: [{ expr: "max(deepseek_api_response_time_seconds)" }],
        unit: "s",
        steps: [{ value: null, color: "blue" }],
      }),
    )
    .withRow(row("Traffic"))
    .withPanel(
      timeseriesPanel({
        title: "Calls, errors and rate limits",
        description:
          "DeepSeek API requests per second, those that failed and those rejected by rate limiting; TestWatcher's own API call count alongside.",
        queries: [
          { expr: "sum(rate(deepseek_api_calls_total[$__rate_interval]))", legend: "calls" },
          { expr: "sum(rate(deepseek_api_errors_total[$__rate_interval]))", legend: "errors" },
          { expr: "sum(rate(deepseek_api_rate_limits_total[$__rate_interval]))", legend: "rate-limited" },
          { expr: "sum(rate(test_watcher_api_calls_total[$__rate_interval]))", legend: "TestWatcher calls" },
        ],
        unit: "reqps",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Error ratio",
        description:
          "Share of DeepSeek API requests that failed. API errors above 0.1/s for 5 minutes page (HighErrorRate, component deepseek_api).",
        queries: [{ expr: errorRatio, legend: "errors / calls" }],
        unit: "percentunit",
        min: 0,
      }),
    )
    .withRow(row("Latency"))
    .withPanel(
      timeseriesPanel({
        title: "Request duration",
        description: "P50/P95/P99 DeepSeek API request duration. Exemplar dots link to the traces behind them.",
        queries: quantileQueries(requests, "$__rate_interval"),
        unit: "s",
        min: 0,
      }),
    )
    .withPanel(
      heatmapPanel({
        title: "Request duration distribution",
        description: "DeepSeek API requests per duration bucket over time.",
        queries: [bucketRatesQuery(requests, "$__rate_interval")],
        unit: "s",
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Latest response time",
        description: "Response time of the latest request, per process: a quick look between histogram updates.",
        queries: [{ expr: "deepseek_api_response_time_seconds", legend: "{{service}} {{instance}}" }],
        unit: "s",
        min: 0,
      }),
    )
    .withRow(row("Usage"))
    .withPanel(
      timeseriesPanel({
        title: "Tokens used per hour",
        description:
          "DeepSeek tokens used over the preceding hour, per service. The seed exposes the token count as a gauge, so this is delta() with restarts (drops) clamped to zero.",
        queries: [
          {
            expr: "sum by (service) (clamp_min(delta(deepseek_api_tokens_used_total[1h]), 0))",
            legend: "{{service}}",
          },
        ],
        unit: "short",
        min: 0,
      }),
    );
  return renderDashboard(builder);
}
