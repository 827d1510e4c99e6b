import { DashboardBuilder, DashboardCursorSync } from "@grafana/grafana-foundation-sdk/dashboard";
import { gaugePanel, row, statPanel, tablePanel, timeseriesPanel } from "../panels";
import { percentiles } from "../promql";
import { renderDashboard } from "../render";
import {
  availabilitySlo,
  bothSlos,
  burnRate,
  clientErrors,
  errorRatio7d,
  durationBuckets,
  latencySlo,
  requestRatio,
  serverErrors,
} from "./queries";

/** Stable uid: runbooks link to it. */
export const hitlSloUid = "hitl-slo";

/**
 * The HITL API against its SLOs (seed 004's "HITL API - SLO Dashboard"):
 * 99.9% availability over 30 days and 95% of requests within 500 ms over 7
 * days, the error budget spent and how fast it burns, and a multi-window
 * summary. Reads the rules generated from slos/hitl/*.yml; the 7-day figures
 * are computed here exactly as LatencySLOBreach computes them. Refreshes
 * every 30s, as the seed's did.
 */
export function hitlSlo(): Record<string, unknown> {
  const windows = [
    { label: "1h", expr: (slo: string) => `1 - slo:sli_error:ratio_rate1h{${slo}}` },
    { label: "24h", expr: (slo: string) => `1 - slo:sli_error:ratio_rate1d{${slo}}` },
    { label: "7d", expr: (slo: string) => `1 - ${errorRatio7d(slo)}` },
    { label: "30d", expr: (slo: string) => `1 - slo:sli_error:ratio_rate30d{${slo}}` },
  ];
  // One row per SLO in the summary: `max by (sloth_slo)` drops the window
  // label each series carries, so Grafana's merge joins the columns.
  const perSlo = (expr: string): string => `max by (sloth_slo) (${expr})`;

  const builder = new DashboardBuilder("HITL API - SLO")
    .uid(hitlSloUid)
    .description("Availability and latency SLOs of the HITL API, their error budgets and burn rates.")
    .tags(["observability-stack", "hitl", "slo"])
    .editable()
    .tooltip(DashboardCursorSync.Tooltip)
    .refresh("30s")
    .time({ from: "now-7d", to: "now" })
    .timezone("browser")
    .withRow(row("Objectives"))
    .withPanel(
      gaugePanel({
        title: "Availability SLO (30d)",
        description:
          "Share of requests without a 5xx over the last 30 days. Objective 99.9%: AvailabilitySLOBreach pages below it.",
        queries: [{ expr: `1 - slo:sli_error:ratio_rate30d{${availabilitySlo}}` }],
        unit: "percentunit",
        min: 0.99,
        max: 1,
        decimals: 3,
        steps: [
          { value: null, color: "red" },
          { value: 0.999, color: "green" },
        ],
      }),
    )
    .withPanel(
      gaugePanel({
        title: "Latency SLO (7d)",
        description:
          "Share of requests answered within 500ms over the last 7 days (mean of the hourly ratios). Objective 95%: LatencySLOBreach pages below it.",
        queries: [{ expr: `1 - ${errorRatio7d(latencySlo)}` }],
        unit: "percentunit",
        min: 0.9,
        max: 1,
        decimals: 2,
        steps: [
          { value: null, color: "red" },
          { value: 0.95, color: "green" },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Error budget consumed",
        description:
          "Share of each SLO's 30-day error budget already spent. ErrorBudgetLow warns above 90%; above 100% the SLO is broken.",
        queries: [{ expr: `slo:period_burn_rate:ratio{${bothSlos}}`, legend: "{{sloth_slo}}" }],
        unit: "percentunit",
        steps: [
          { value: null, color: "green" },
          { value: 0.9, color: "orange" },
          { value: 1, color: "red" },
        ],
        height: 6,
      }),
    )
    .withPanel(
      statPanel({
        title: "Error budget burn rate (1h)",
        description:
          "How many times faster than the 30-day budget allows each SLO spent it over the last hour. ErrorBudgetBurningFast warns above 2x for 1h; the burn-rate page needs 14.4x.",
        queries: [{ expr: burnRate("1h", bothSlos), legend: "{{sloth_slo}}" }],
        unit: "suffix:x",
        steps: [
          { value: null, color: "green" },
          { value: 2, color: "orange" },
          { value: 14.4, color: "red" },
        ],
        height: 6,
      }),
    )
    .withRow(row("Trends"))
    .withPanel(
      timeseriesPanel({
        title: "Availability trend",
        description:
          "Share of requests without a 5xx over rolling 1h, 24h, 7d and 30d windows; the objective is 99.9%.",
        queries: windows.map((window) => ({ expr: window.expr(availabilitySlo), legend: window.label })),
        unit: "percentunit",
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Error budget burn rate trend",
        description:
          "Burn rate of each SLO over 1h, 6h and 24h windows. 1x spends the budget in exactly 30 days; the generated page alerts need 14.4x (1h) or 6x (6h).",
        queries: [
          { expr: burnRate("1h", bothSlos), legend: "{{sloth_slo}} 1h" },
          { expr: burnRate("6h", bothSlos), legend: "{{sloth_slo}} 6h" },
          { expr: burnRate("1d", bothSlos), legend: "{{sloth_slo}} 24h" },
        ],
        unit: "suffix:x",
        min: 0,
      }),
    )
    .withRow(row("Latency and errors"))
    .withPanel(
      timeseriesPanel({
        title: "Latency percentiles",
        description:
          "P50, P90, P95 and P99 request duration against the 500ms of the latency SLO (95% of requests under it). Exemplar dots link to traces in Jaeger.",
        queries: [
          ...percentiles(durationBuckets, { quantiles: [0.5, 0.9, 0.95, 0.99] }),
          { expr: "vector(0.5)", legend: "SLO 500ms" },
        ],
        unit: "s",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Error rate breakdown",
        description:
          "Share of requests answered with a 4xx (the caller's error) and a 5xx (the service's, which the availability SLO counts).",
        queries: [
          { expr: requestRatio(clientErrors), legend: "4xx" },
          { expr: requestRatio(serverErrors), legend: "5xx" },
        ],
        unit: "percentunit",
        min: 0,
      }),
    )
    .withRow(row("Summary"))
    .withPanel(
      tablePanel({
        title: "SLO summary",
        description:
          "Each SLO's objective, its SLI over 1h, 24h, 7d and 30d, and the share of its 30-day error budget left.",
        queries: [
          { expr: perSlo(`slo:objective:ratio{${bothSlos}}`) },
          ...windows.map((window) => ({ expr: perSlo(window.expr(bothSlos)) })),
          { expr: perSlo(`slo:period_error_budget_remaining:ratio{${bothSlos}}`) },
        ],
        labelColumns: ["sloth_slo"],
        columns: [
          { title: "Objective", unit: "percentunit", decimals: 2 },
          ...windows.map((window) => ({ title: window.label, unit: "percentunit", decimals: 3 })),
          { title: "Budget left", unit: "percentunit", decimals: 1 },
        ],
      }),
    );
  return renderDashboard(builder);
}
