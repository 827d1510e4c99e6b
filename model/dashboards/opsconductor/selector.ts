import { DashboardBuilder, DashboardCursorSync } from "@grafana/grafana-foundation-sdk/dashboard";
import { gaugePanel, row, statPanel, tablePanel, timeseriesPanel } from "../panels";
import { renderDashboard } from "../render";
import { percentiles } from "../promql";

/** Stable uid: runbooks of the opsconductor pack link to it. */
export const opsconductorSelectorUid = "opsconductor-selector";

/** The scrape job (and `service` label) serving the selector metrics. */
const match = 'service="automation-service"';
const requests = `selector_requests_total{${match}}`;
const buckets = `selector_request_duration_seconds_bucket{${match}}`;

/**
 * OpsConductor's selector dashboard (seeds 000 and 003): the nine panels the
 * seed lists, in its four rows: request rate by status and by source
 * (fresh, cache, degraded); cache hit rate, database errors, cache entries
 * and cache TTL; P50/P95/P99 duration (with exemplars) and the eviction
 * rate; the running build.
 */
export function opsconductorSelector(): Record<string, unknown> {
  const builder = new DashboardBuilder("OpsConductor selector")
    .uid(opsconductorSelectorUid)
    .description("The selector of OpsConductor's automation-service: requests, cache, database errors, latency, build.")
    .tags(["observability-stack", "opsconductor"])
    .editable()
    .tooltip(DashboardCursorSync.Tooltip)
    .refresh("30s")
    .time({ from: "now-3h", to: "now" })
    .timezone("browser")
    .withRow(row("Request overview"))
    .withPanel(
      timeseriesPanel({
        title: "Request rate by status",
        description: "Selector requests per second by status (ok or error).",
        queries: [{ expr: `sum by (status) (rate(${requests}[$__rate_interval]))`, legend: "{{status}}" }],
        unit: "reqps",
        stacked: true,
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Request rate by source",
        description:
          "Selector requests per second by where the answer came from: fresh (database), cache, or degraded " +
          "(stale cache served because the database failed). Any degraded traffic means database trouble.",
        queries: [{ expr: `sum by (source) (rate(${requests}[$__rate_interval]))`, legend: "{{source}}" }],
        unit: "reqps",
        stacked: true,
        min: 0,
      }),
    )
    .withRow(row("Health"))
    .withPanel(
      statPanel({
        title: "Cache hit rate",
        description:
          "Share of selector requests answered from the cache (source=cache). A drop sends more load to the " +
          "database; look at evictions and the TTL.",
        queries: [
          {
            expr:
              `sum(rate(selector_requests_total{${match}, source="cache"}[$__rate_interval]))` +
              ` / sum(rate(${requests}[$__rate_interval]))`,
          },
        ],
        unit: "percentunit",
        steps: [
          { value: null, color: "red" },
          { value: 0.5, color: "orange" },
          { value: 0.8, color: "green" },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Database errors",
        description:
          "Database errors of the selector in the last 5 minutes. Above zero SelectorErrorBurst fires and the " +
          "selector answers from stale cache (source=degraded) or fails.",
        // ceil: increase() extrapolates, and one error must read 1, not 0.8.
        queries: [{ expr: `ceil(sum(increase(selector_db_errors_total{${match}}[5m])))` }],
        unit: "short",
        steps: [
          { value: null, color: "green" },
          { value: 1, color: "red" },
        ],
      }),
    )
    .withPanel(
      gaugePanel({
        title: "Cache entries",
        description:
          "Entries held in the selector cache now. The dial's 0-1000 range is a display choice (the service " +
          "exposes no capacity); what matters is the trend against the hit rate and evictions.",
        queries: [{ expr: `sum(selector_cache_entries{${match}})` }],
        unit: "short",
        min: 0,
        max: 1000,
        steps: [{ value: null, color: "blue" }],
      }),
    )
    .withPanel(
      gaugePanel({
        title: "Cache TTL",
        description:
          "Time to live of selector cache entries. A short TTL lowers the hit rate and raises evictions; a long " +
          "one serves older selections. The dial spans 0 to 1 hour.",
        queries: [{ expr: `max(selector_cache_ttl_seconds{${match}})` }],
        unit: "s",
        min: 0,
        max: 3600,
        steps: [{ value: null, color: "blue" }],
      }),
    )
    .withRow(row("Performance"))
    .withPanel(
      timeseriesPanel({
        title: "Request duration",
        description:
          "P50, P95 and P99 duration of selector requests. SelectorLatencyHigh warns when P95 stays above 500ms " +
          "for 5 minutes. Exemplar dots open the trace of the request behind them.",
        queries: percentiles(buckets),
        unit: "s",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Cache eviction rate",
        description:
          "Entries evicted from the selector cache per second. SelectorCacheEvictionRateHigh warns above 10/s " +
          "for 5 minutes.",
        queries: [
          { expr: `sum(rate(selector_cache_evictions_total{${match}}[$__rate_interval]))`, legend: "evictions" },
        ],
        unit: "suffix: evictions/s",
        min: 0,
      }),
    )
    .withRow(row("Build info"))
    .withPanel(
      tablePanel({
        title: "Build info",
        description:
          "The selector build each instance runs (selector_build_info), to tie a change in behaviour to a deploy.",
        queries: [{ expr: `selector_build_info{${match}}` }],
        columns: [{ title: "Running" }],
        labelColumns: ["instance", "version", "git_commit", "built_at"],
        width: 24,
        height: 5,
      }),
    );
  return renderDashboard(builder);
}
