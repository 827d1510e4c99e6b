import { DashboardBuilder, DashboardCursorSync } from "@grafana/grafana-foundation-sdk/dashboard";
import type { Slo, SloSpec } from "../slo/spec";
import { alertWindowsFor, burnRateTiersFor, periodDays, sloPeriodOf } from "../slo/periods";
import { sliMetric, sloId } from "../slo/rules";
import { row, statPanel, timeseriesPanel } from "./panels";
import { renderDashboard } from "./render";

/** Grafana caps uids at 40 characters. */
const maxUidLength = 40;

/** Stable uid of a service's SLO dashboard: `slo-<service>`. */
export function sloDashboardUid(service: string): string {
  return `slo-${service}`.slice(0, maxUidLength).replace(/-+$/, "");
}

/** Selects one SLO's recorded series by the identity labels the generator gives them. */
function selector(spec: SloSpec, slo: Slo): string {
  return `{sloth_id="${sloId(spec, slo)}"}`;
}

/** A window's burn rate: its error ratio over the error budget the SLO allows. */
function burnRate(spec: SloSpec, slo: Slo, window: string): string {
  const match = selector(spec, slo);
  return `${sliMetric(window)}${match}\n/ on (sloth_id) group_left\nslo:error_budget:ratio${match}`;
}

function sloPanels(builder: DashboardBuilder, spec: SloSpec, slo: Slo): void {
  const match = selector(spec, slo);
  const period = sloPeriodOf(spec, slo);
  const days = periodDays(period);
  const tiers = burnRateTiersFor(period);
  const pageFactor = Math.max(...tiers.map((tier) => tier.factor));
  builder
    .withRow(row(`${slo.name} (${slo.objective}%)${slo.description ? ` — ${slo.description}` : ""}`))
    .withPanel(
      statPanel({
        title: "Objective",
        description: `Share of events that must be good over the ${days}-day period.`,
        queries: [{ expr: `slo:objective:ratio${match}` }],
        unit: "percentunit",
        steps: [{ value: null, color: "blue" }],
        width: 6,
      }),
    )
    .withPanel(
      statPanel({
        title: "Error budget remaining",
        description: `Share of the ${days}-day error budget still unspent. Below zero the SLO is missed for the period; freeze risky changes well before.`,
        queries: [{ expr: `slo:period_error_budget_remaining:ratio${match}` }],
        unit: "percentunit",
        steps: [
          { value: null, color: "red" },
          { value: 0.25, color: "orange" },
          { value: 0.5, color: "green" },
        ],
        width: 6,
      }),
    )
    .withPanel(
      statPanel({
        title: "Current burn rate",
        description: `How fast the budget burns now (5m window); 1 spends exactly the budget over the period, ${pageFactor} pages.`,
        queries: [{ expr: `slo:current_burn_rate:ratio${match}` }],
        unit: "x",
        steps: [
          { value: null, color: "green" },
          { value: 1, color: "orange" },
          { value: pageFactor, color: "red" },
        ],
        width: 6,
      }),
    )
    .withPanel(
      statPanel({
        title: "Period burn rate",
        description: `Average burn rate over the ${days}-day period; above 1 the SLO will be missed.`,
        queries: [{ expr: `slo:period_burn_rate:ratio${match}` }],
        unit: "x",
        steps: [
          { value: null, color: "green" },
          { value: 1, color: "red" },
        ],
        width: 6,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "SLI over time",
        description: "Share of good events per window, against the objective.",
        queries: [
          { expr: `1 - ${sliMetric("5m")}${match}`, legend: "5m" },
          { expr: `1 - ${sliMetric("1h")}${match}`, legend: "1h" },
          { expr: `1 - ${sliMetric("1d")}${match}`, legend: "1d" },
          { expr: `slo:objective:ratio${match}`, legend: "objective" },
        ],
        unit: "percentunit",
        width: 12,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Burn rate per window",
        description: `Error ratio over the budget for each alert window; the page tiers fire above ${tiers
          .filter((tier) => tier.alert === "page")
          .map((tier) => `${tier.factor}× (${tier.longWindow} and ${tier.shortWindow})`)
          .join(", ")}.`,
        queries: alertWindowsFor(period).map((window) => ({ expr: burnRate(spec, slo, window), legend: window })),
        unit: "x",
        width: 12,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Error budget remaining over time",
        description: `The ${days}-day budget left at each point in time; a steep fall is an incident's cost.`,
        queries: [{ expr: `slo:period_error_budget_remaining:ratio${match}`, legend: "remaining" }],
        unit: "percentunit",
        width: 24,
      }),
    );
}

/**
 * The SLO dashboard of one service, generated from the same specs as its
 * rules: per SLO the objective, budget remaining, burn rates per alert
 * window and the SLI over time, all read from the generated recording
 * rules (so the dashboard and the alerts agree by construction).
 * @param specs the specs of one service (a service's SLOs may be spread over several files)
 * @throws when the specs are of different services or there are none
 */
export function sloDashboard(specs: readonly SloSpec[]): Record<string, unknown> {
  const service = specs[0]?.service;
  if (service === undefined) throw new Error("an SLO dashboard needs at least one spec");
  const others = specs.filter((spec) => spec.service !== service);
  if (others.length > 0) throw new Error(`one SLO dashboard per service: ${service} and ${others[0].service} mixed`);
  const builder = new DashboardBuilder(`SLOs: ${service}`)
    .uid(sloDashboardUid(service))
    .description(`Service level objectives of ${service}: error budget, burn rates and SLIs.`)
    .tags(["observability-stack", "slo", service])
    .editable()
    .tooltip(DashboardCursorSync.Tooltip)
    .refresh("1m")
    .time({ from: "now-7d", to: "now" })
    .timezone("browser");
  for (const spec of specs) for (const slo of spec.slos) sloPanels(builder, spec, slo);
  return renderDashboard(builder);
}
