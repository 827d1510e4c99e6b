import { DashboardBuilder, DashboardCursorSync } from "@grafana/grafana-foundation-sdk/dashboard";
import { labelVariable, row, statPanel, timeseriesPanel } from "./panels";
import { renderDashboard } from "./render";
import { percentiles, quantile } from "./promql";

/** Stable uid: alert annotations and runbooks link to it. */
export const serviceRedUid = "service-red";

/** The service selector, as every query filters by it. */
const selector = 'service="$service"';
const requests = `http_requests_total{${selector}}`;
const errors = `http_requests_total{${selector}, status=~"5.."}`;
const buckets = `http_request_duration_seconds_bucket{${selector}}`;

const latency = (q: number): string => quantile(q, buckets);

/**
 * Rate, errors and duration of one service (the `service` variable), from
 * the `http_requests_total{status}` counter and the
 * `http_request_duration_seconds` histogram, the metrics and labels the red
 * pack's rules read. Latency panels ask for exemplars, so a slow point links
 * to its trace in Jaeger.
 */
export function serviceRed(): Record<string, unknown> {
  const errorRatio = `sum(rate(${errors}[$__rate_interval])) / sum(rate(${requests}[$__rate_interval]))`;
  const builder = new DashboardBuilder("Service RED")
    .uid(serviceRedUid)
    .description("Rate, errors and duration of one service, with exemplar links to traces.")
    .tags(["observability-stack", "red"])
    .editable()
    .tooltip(DashboardCursorSync.Tooltip)
    .refresh("30s")
    .time({ from: "now-3h", to: "now" })
    .timezone("browser")
    .withVariable(labelVariable("service", "Service", "http_requests_total"))
    .withRow(row("Now"))
    .withPanel(
      statPanel({
        title: "Request rate",
        description: "Requests per second over the last rate interval.",
        queries: [{ expr: `sum(rate(${requests}[$__rate_interval]))` }],
        unit: "reqps",
        steps: [{ value: null, color: "blue" }],
        width: 8,
      }),
    )
    .withPanel(
      statPanel({
        title: "Error ratio",
        description: "Share of requests answered with a 5xx status.",
        queries: [{ expr: errorRatio }],
        unit: "percentunit",
        steps: [
          { value: null, color: "green" },
          { value: 0.01, color: "orange" },
          { value: 0.05, color: "red" },
        ],
        width: 8,
      }),
    )
    .withPanel(
      statPanel({
        title: "P99 latency",
        description: "99th percentile request duration.",
        queries: [{ expr: latency(0.99) }],
        unit: "s",
        steps: [
          { value: null, color: "green" },
          { value: 0.5, color: "orange" },
          { value: 1, color: "red" },
        ],
        width: 8,
      }),
    )
    .withRow(row("Rate and errors"))
    .withPanel(
      timeseriesPanel({
        title: "Request rate",
        description: "Requests per second.",
        queries: [{ expr: `sum(rate(${requests}[$__rate_interval]))`, legend: "requests" }],
        unit: "reqps",
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Error ratio",
        description: "Share of requests answered with a 5xx status.",
        queries: [{ expr: errorRatio, legend: "5xx ratio" }],
        unit: "percentunit",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Requests by status code",
        description: "Requests per second by HTTP status code.",
        queries: [{ expr: `sum by (status) (rate(${requests}[$__rate_interval]))`, legend: "{{status}}" }],
        unit: "reqps",
        stacked: true,
        width: 24,
      }),
    )
    .withRow(row("Duration"))
    .withPanel(
      timeseriesPanel({
        title: "Latency percentiles",
        description: "P50, P95 and P99 request duration. Exemplar dots link to the traces behind them.",
        queries: percentiles(buckets),
        unit: "s",
        width: 24,
        height: 10,
        min: 0,
      }),
    );
  return renderDashboard(builder);
}
