import {
  DashboardBuilder,
  DashboardCursorSync,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { prometheusRef } from "../uids";
import { heatmapPanel, row, statPanel, tablePanel, timeseriesPanel } from "../panels";
import { availabilityGauge, errorBudgetGauge } from "./sloGauges";
import { renderDashboard } from "../render";
import { percentiles, quantile } from "../promql";
import { api, availabilitySlo, latencySlo, serviceSlos } from "./selectors";

/** Stable uid: the SLO alerts' runbooks link to it. */
export const maestroSloUid = "maestro-slo";

const requests = `http_requests_total{${api}}`;
const requestBuckets = `http_request_duration_seconds_bucket{${api}}`;

/** The error budget as a ratio, for lines drawn beside error ratios. */
const budget = `slo:error_budget:ratio{${availabilitySlo}}`;

/** Burn rate of the availability SLO over one of the recorded windows. */
function burnRate(window: string): string {
  return `slo:sli_error:ratio_rate${window}{${availabilitySlo}} / ignoring (sloth_window) ${budget}`;
}

/** Routes to show in the per-endpoint row; all of them by default. */
function endpointVariable(): QueryVariableBuilder {
  const query = `label_values(http_requests_total{${api}}, endpoint)`;
  return new QueryVariableBuilder("endpoint")
    .label("Endpoint")
    .datasource(prometheusRef)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .includeAll(true)
    .allValue(".*")
    .multi(true);
}

function summaryRow(builder: DashboardBuilder): DashboardBuilder {
  // Each column of the status table reduced to one series per SLO, so that
  // Grafana's merge lines them up by sloth_slo alone.
  const perSlo = (expr: string): string => `max by (sloth_slo) (${expr})`;
  return builder
    .withRow(row("SLO summary"))
    .withPanel(availabilityGauge(5))
    .withPanel(errorBudgetGauge(5))
    .withPanel(
      statPanel({
        title: "Requests under 1s (30 days)",
        description:
          "The latency SLO: share of requests answered within 1 second over 30 days. Objective 99% (P99 < 1s).",
        queries: [{ expr: `1 - slo:sli_error:ratio_rate30d{${latencySlo}}` }],
        unit: "percentunit",
        steps: [
          { value: null, color: "red" },
          { value: 0.99, color: "green" },
        ],
        width: 5,
        height: 6,
      }),
    )
    .withPanel(
      tablePanel({
        title: "SLO status",
        description:
          "Every SLO of the service: objective, what the last 30 days achieved, budget left, and how fast the last 5 minutes burn it (1 = exactly on budget).",
        queries: [
          { expr: perSlo(`slo:objective:ratio{${serviceSlos}}`) },
          { expr: perSlo(`1 - slo:sli_error:ratio_rate30d{${serviceSlos}}`) },
          { expr: perSlo(`slo:period_error_budget_remaining:ratio{${serviceSlos}}`) },
          { expr: perSlo(`slo:current_burn_rate:ratio{${serviceSlos}}`) },
        ],
        labelColumns: ["sloth_slo"],
        columns: [
          { title: "Objective", unit: "percentunit", decimals: 2 },
          { title: "30-day SLI", unit: "percentunit", decimals: 3 },
          { title: "Budget left", unit: "percentunit", decimals: 1 },
          { title: "Burn rate (5m)", decimals: 2 },
        ],
        width: 9,
        height: 6,
      }),
    );
}

function multiWindowRow(builder: DashboardBuilder): DashboardBuilder {
  // The seed's error-budget windows: 1h (fast burn), 6h, 3d (slow burn), 30d (the SLO period).
  const windows = [
    { window: "1h", title: "1 hour window (fast burn)", burn: "14.4x here for 1h pages (2% of the budget in an hour)" },
    { window: "6h", title: "6 hour window (medium burn)", burn: "6x here for 6h pages (5% of the budget in 6 hours)" },
    {
      window: "3d",
      title: "3 day window (slow burn)",
      burn: "1x here for 3d opens a ticket (10% of the budget in 3 days)",
    },
    { window: "30d", title: "30 day window (SLO period)", burn: "above the line the SLO is violated (SLOViolation)" },
  ];
  builder = builder.withRow(row("Multi-window error budgets"));
  for (const { window, title, burn } of windows) {
    builder = builder.withPanel(
      timeseriesPanel({
        title,
        description: `Share of requests answered with a 5xx over the last ${window}, against the 0.1% the SLO allows; ${burn}.`,
        queries: [
          { expr: `slo:sli_error:ratio_rate${window}{${availabilitySlo}}`, legend: "error ratio" },
          { expr: budget, legend: "SLO allows" },
        ],
        unit: "percentunit",
        min: 0,
        width: 6,
      }),
    );
  }
  return builder;
}

function availabilityTrendRow(builder: DashboardBuilder): DashboardBuilder {
  return builder
    .withRow(row("Availability trend"))
    .withPanel(
      timeseriesPanel({
        title: "Success rate",
        description:
          "Share of requests without a 5xx over 5 minutes, computed in Prometheus across all pods, against the objective. The API's own figure (one pod's last 5 minutes, per pod) is drawn for comparison.",
        queries: [
          { expr: `1 - slo:sli_error:ratio_rate5m{${availabilitySlo}}`, legend: "success rate" },
          { expr: `slo:objective:ratio{${availabilitySlo}}`, legend: "objective" },
          { expr: `slo_http_request_success_rate{${api}}`, legend: "reported by {{instance}}" },
        ],
        unit: "percentunit",
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Error budget burn rate",
        description:
          "How many times faster than sustainable the budget burns (1 = it lasts exactly 30 days). ErrorBudgetBurnRateHigh fires above 10x over 1h; the generated burn alert pages above 14.4x (1h) or 6x (6h).",
        queries: [
          { expr: burnRate("1h"), legend: "1h" },
          { expr: burnRate("6h"), legend: "6h" },
          { expr: burnRate("3d"), legend: "3d" },
          { expr: "vector(1)", legend: "sustainable" },
          { expr: "vector(10)", legend: "ErrorBudgetBurnRateHigh" },
        ],
        unit: "short",
        min: 0,
      }),
    );
}

function latencyRow(builder: DashboardBuilder): DashboardBuilder {
  const within = (le: string): string =>
    `sum(rate(http_request_duration_seconds_bucket{${api}, le="${le}"}[$__rate_interval])) / ` +
    `sum(rate(http_request_duration_seconds_bucket{${api}, le="+Inf"}[$__rate_interval]))`;
  return builder
    .withRow(row("Latency SLO"))
    .withPanel(
      heatmapPanel({
        title: "Request latency distribution",
        description:
          "Requests per duration bucket over time. Exemplar dots open the trace of a request in that bucket.",
        queries: [
          {
            expr: `sum by (le) (rate(${requestBuckets}[$__rate_interval]))`,
            legend: "{{le}}",
            exemplar: true,
          },
        ],
        unit: "s",
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Latency percentiles",
        description:
          "P50, P90, P95 and P99 request duration; the SLO wants P99 under 1s. The API's own P99 (per pod, last 5 minutes) is drawn for comparison.",
        queries: [
          ...percentiles(requestBuckets, { quantiles: [0.5, 0.9, 0.95, 0.99] }),
          { expr: "vector(1)", legend: "SLO (1s)" },
          { expr: `slo_http_request_latency_p99{${api}}`, legend: "p99 reported by {{instance}}" },
        ],
        unit: "s",
        min: 0,
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Requests within the latency SLO",
        description:
          "Share of requests answered within 500ms and within 1s, against the 99% objective of the latency SLO.",
        queries: [
          { expr: within("0.5"), legend: "< 500ms" },
          { expr: within("1"), legend: "< 1s" },
          { expr: `slo:objective:ratio{${latencySlo}}`, legend: "objective" },
        ],
        unit: "percentunit",
        width: 8,
      }),
    );
}

function budgetDetailsRow(builder: DashboardBuilder): DashboardBuilder {
  const allowed = `sum(increase(${requests}[30d])) * scalar(${budget})`;
  return builder
    .withRow(row("Error budget details"))
    .withPanel(
      timeseriesPanel({
        title: "Error budget remaining",
        description: "Budget left of each SLO over time; it recovers as bad minutes age out of the 30-day window.",
        queries: [
          {
            expr: `max by (sloth_slo) (slo:period_error_budget_remaining:ratio{${serviceSlos}})`,
            legend: "{{sloth_slo}}",
          },
        ],
        unit: "percentunit",
        width: 12,
      }),
    )
    .withPanel(
      statPanel({
        title: "Errors allowed (30 days)",
        description: "Server errors the availability SLO allows over the last 30 days' traffic (0.1% of the requests).",
        queries: [{ expr: allowed }],
        unit: "short",
        steps: [{ value: null, color: "blue" }],
        width: 4,
        height: 8,
      }),
    )
    .withPanel(
      statPanel({
        title: "Errors served (30 days)",
        description: "Requests answered with a 5xx over the last 30 days; compare with the errors allowed beside it.",
        queries: [{ expr: `sum(increase(http_requests_total{${api}, status=~"5.."}[30d]))` }],
        unit: "short",
        steps: [{ value: null, color: "blue" }],
        width: 4,
        height: 8,
      }),
    )
    .withPanel(
      statPanel({
        title: "Time to budget exhaustion",
        description:
          "Hours until the availability budget is spent if the last hour's burn rate goes on; 720 (30 days) or more means not within the period.",
        queries: [
          {
            expr: `clamp_max(slo:period_error_budget_remaining:ratio{${availabilitySlo}} * 720 / ignoring (sloth_window) (${burnRate("1h")}), 720)`,
          },
        ],
        unit: "h",
        steps: [
          { value: null, color: "red" },
          { value: 24, color: "orange" },
          { value: 168, color: "green" },
        ],
        width: 4,
        height: 8,
      }),
    );
}

function perEndpointRow(builder: DashboardBuilder): DashboardBuilder {
  const selected = `${api}, endpoint=~"$endpoint"`;
  const byEndpoint = (selector: string): string =>
    `sum by (endpoint) (rate(http_requests_total{${selector}}[$__rate_interval]))`;
  // A route without a single 5xx has no 5xx series; `or 0 * total` reads it as 0%.
  const errorRatio = `(${byEndpoint(`${selected}, status=~"5.."`)} or 0 * ${byEndpoint(selected)}) / ${byEndpoint(selected)}`;
  const p99 = quantile(0.99, `http_request_duration_seconds_bucket{${selected}}`, { by: ["endpoint"] });
  return builder
    .withRow(row("Per-endpoint performance"))
    .withPanel(
      timeseriesPanel({
        title: "Success rate by endpoint",
        description: "Share of each route's requests answered without a 5xx.",
        queries: [{ expr: `1 - (${errorRatio})`, legend: "{{endpoint}}" }],
        unit: "percentunit",
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "P99 latency by endpoint",
        description: "99th percentile duration of each route; EndpointLatencyP99High fires above 2.5s.",
        queries: [
          { expr: p99, legend: "{{endpoint}}", exemplar: true },
          { expr: "vector(1)", legend: "SLO (1s)" },
        ],
        unit: "s",
        min: 0,
      }),
    )
    .withPanel(
      tablePanel({
        title: "Endpoints",
        description: "Each route now: traffic, server-error ratio and P99, busiest first.",
        queries: [{ expr: byEndpoint(selected) }, { expr: errorRatio }, { expr: p99, exemplar: true }],
        labelColumns: ["endpoint"],
        columns: [
          { title: "Requests/s", unit: "reqps", decimals: 2 },
          { title: "5xx ratio", unit: "percentunit", decimals: 2 },
          { title: "P99", unit: "s", decimals: 3 },
        ],
        sortBy: "Requests/s",
      }),
    );
}

/**
 * Maestro ML API SLOs (seed 001), in the seed's six rows: summary,
 * multi-window error budgets (1h, 6h, 3d, 30d), availability trend, latency
 * SLO, error budget details and per-endpoint performance. Reads the
 * recording rules generated from `slos/maestro/api.yml`, so the numbers are
 * the ones the SLO alerts fire on.
 */
export function maestroSlo(): Record<string, unknown> {
  let builder = new DashboardBuilder("Maestro ML API: SLOs")
    .uid(maestroSloUid)
    .description("Availability (99.9%) and latency (P99 < 1s) SLOs of the Maestro ML API and their error budgets.")
    .tags(["observability-stack", "maestro", "slo"])
    .editable()
    .tooltip(DashboardCursorSync.Tooltip)
    .refresh("1m")
    .time({ from: "now-7d", to: "now" })
    .timezone("browser")
    .withVariable(endpointVariable());
  for (const addRow of [
    summaryRow,
    multiWindowRow,
    availabilityTrendRow,
    latencyRow,
    budgetDetailsRow,
    perEndpointRow,
  ]) {
    builder = addRow(builder);
  }
  return renderDashboard(builder);
}
