import {
  DashboardBuilder,
  DashboardCursorSync,
  type DynamicConfigValue,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { datasourceUids } from "../uids";
import type { DashboardContext } from "../context";
import { heatmapPanel, row, tablePanel, timeseriesPanel } from "../panels";
import { renderDashboard } from "../render";
import { percentiles } from "../promql";

/** Stable uid: runbooks of the opsconductor pack link to it. */
export const opsconductorExecutionUid = "opsconductor-execution";

/** The scrape job (and `service` label) serving the AI execution metrics. */
const match = 'service="automation-service"';
const requests = `ai_requests_total{${match}}`;
const errors = `ai_request_errors_total{${match}}`;
const buckets = `ai_request_duration_seconds_bucket{${match}}`;

/** Legend of the error percentage series, which the panel draws on its own axis. */
const errorRatioLegend = "error %";

/**
 * Links from a row of the trace table to a Jaeger search for the same
 * service and tool. Prometheus cannot hold trace ids as labels (one series
 * per request), so the table leads to the traces by search while the
 * latency panels' exemplars carry the exact trace ids.
 */
function jaegerSearchLinks(): DynamicConfigValue[] {
  const search = (title: string, tags: string): Record<string, unknown> => ({
    title,
    url: "",
    internal: {
      datasourceUid: datasourceUids.jaeger,
      datasourceName: "Jaeger",
      query: { queryType: "search", service: "${__data.fields.service}", tags, limit: 20 },
    },
  });
  return [
    {
      id: "links",
      value: [
        search("Traces of ${__data.fields.tool} in Jaeger", "tool=${__data.fields.tool}"),
        search("Failed traces of ${__data.fields.service} in Jaeger", "error=true"),
      ],
    },
  ];
}

/**
 * OpsConductor's AI execution dashboard (seeds 000 and 003): the six panels
 * the seed lists, in its four rows: request rate by status, error rate by
 * reason with the error percentage, P50/P95/P99 duration, requests by tool,
 * the duration heatmap and the trace links. Latency panels ask for
 * exemplars, whose `trace_id` opens the trace in Jaeger; the trace table
 * links to Jaeger searches only when the stack runs Jaeger.
 */
export function opsconductorExecution(context: DashboardContext): Record<string, unknown> {
  const errorRate = timeseriesPanel({
    title: "Error rate",
    description:
      "Failed AI execution requests per second by reason (left axis) and the share of requests that failed " +
      "(right axis). AIExecutionErrorRateHigh pages above 5% for 2 minutes (red line).",
    queries: [
      { expr: `sum by (reason) (rate(${errors}[$__rate_interval]))`, legend: "{{reason}}" },
      {
        expr: `sum(rate(${errors}[$__rate_interval])) / sum(rate(${requests}[$__rate_interval]))`,
        legend: errorRatioLegend,
      },
    ],
    unit: "reqps",
    min: 0,
  }).overrideByName(errorRatioLegend, [
    { id: "unit", value: "percentunit" },
    { id: "custom.axisPlacement", value: "right" },
    { id: "custom.axisSoftMax", value: 0.1 },
    { id: "custom.thresholdsStyle", value: { mode: "line" } },
    {
      id: "thresholds",
      value: {
        mode: "absolute",
        steps: [
          { value: null, color: "green" },
          { value: 0.05, color: "red" },
        ],
      },
    },
  ]);

  const traceLinks = tablePanel({
    title: "Trace ID links",
    description:
      "AI execution requests by service, status and tool. Click a tool to search its traces, or the failed " +
      "traces of the service, in Jaeger. For the trace of one slow request, click an exemplar dot on the " +
      "duration panels above: exemplars carry the request's trace_id.",
    queries: [
      { expr: `sum by (service, status, tool) (rate(${requests}[$__rate_interval]))` },
      { expr: `sum by (service, status, tool) (increase(${requests}[1h]))` },
    ],
    columns: [
      { title: "Requests/s", unit: "reqps", decimals: 2 },
      { title: "Requests (last hour)", decimals: 0 },
    ],
    labelColumns: ["service", "status", "tool"],
    sortBy: "Requests/s",
    width: 24,
  });
  // Without Jaeger the links would open a datasource that does not exist.
  if (context.tracing) traceLinks.overrideByName("tool", jaegerSearchLinks());

  const builder = new DashboardBuilder("OpsConductor AI execution")
    .uid(opsconductorExecutionUid)
    .description(
      "AI execution requests of OpsConductor's automation-service: rate, errors, duration, with trace links.",
    )
    .tags(["observability-stack", "opsconductor"])
    .editable()
    .tooltip(DashboardCursorSync.Tooltip)
    .refresh("30s")
    .time({ from: "now-3h", to: "now" })
    .timezone("browser")
    .withRow(row("Request overview"))
    .withPanel(
      timeseriesPanel({
        title: "Request rate",
        description: "AI execution requests per second by status (success or error).",
        queries: [{ expr: `sum by (status) (rate(${requests}[$__rate_interval]))`, legend: "{{status}}" }],
        unit: "reqps",
        stacked: true,
        min: 0,
      }),
    )
    .withPanel(errorRate)
    .withRow(row("Latency analysis"))
    .withPanel(
      timeseriesPanel({
        title: "Request duration",
        description:
          "P50, P95 and P99 duration of AI execution requests. AIExecutionLatencyP95High warns when P95 stays " +
          "above 1s for 5 minutes; AIExecutionLatencyP99Critical pages when P99 stays above 5s for 3 minutes. " +
          "Exemplar dots open the trace of the request behind them.",
        queries: percentiles(buckets),
        unit: "s",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Requests by tool",
        description: "AI execution requests per second by tool (echo, ssh, powershell, ...).",
        queries: [{ expr: `sum by (tool) (rate(${requests}[$__rate_interval]))`, legend: "{{tool}}" }],
        unit: "reqps",
        stacked: true,
        min: 0,
      }),
    )
    .withRow(row("Distribution"))
    .withPanel(
      heatmapPanel({
        title: "Duration heatmap",
        description:
          "How many AI execution requests per second fell in each duration bucket (0.1s to 60s). A band moving " +
          "up is a slowdown of most requests; a new band high up is one slow tool. Exemplar dots open traces.",
        queries: [{ expr: `sum by (le) (rate(${buckets}[$__rate_interval]))`, legend: "{{le}}", exemplar: true }],
        unit: "s",
        width: 24,
        height: 10,
      }),
    )
    .withRow(row("Debugging"))
    .withPanel(traceLinks);
  return renderDashboard(builder);
}
