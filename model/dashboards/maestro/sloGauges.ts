import type * as gauge from "@grafana/grafana-foundation-sdk/gauge";
import { gaugePanel } from "../panels";
import { availabilitySlo } from "./selectors";

/**
 * The two availability-SLO dials both Maestro dashboards open with, read from
 * the availability SLO's recording rules, so the overview and the SLO
 * dashboard cannot show different numbers or thresholds.
 */

/** Requests served without a 5xx over the 30-day period, on a 99–100% dial. */
export function availabilityGauge(width?: number): gauge.PanelBuilder {
  return gaugePanel({
    title: "Availability (30 days)",
    description:
      "Share of requests over the 30-day SLO period answered without a 5xx, from the availability SLO's recording rules. Objective 99.9%; orange below 99.5%.",
    queries: [{ expr: `1 - slo:sli_error:ratio_rate30d{${availabilitySlo}}` }],
    unit: "percentunit",
    min: 0.99,
    max: 1,
    decimals: 3,
    steps: [
      { value: null, color: "red" },
      { value: 0.995, color: "orange" },
      { value: 0.999, color: "green" },
    ],
    ...(width !== undefined ? { width } : {}),
  });
}

/** The share of the 30-day availability budget still unspent, coloured at the budget alerts' thresholds. */
export function errorBudgetGauge(width?: number): gauge.PanelBuilder {
  return gaugePanel({
    title: "Error budget remaining",
    description:
      "Share of the 30-day availability error budget (0.1% of requests) still unspent. ErrorBudgetLow fires under 25%, ErrorBudgetCritical under 10%.",
    queries: [{ expr: `slo:period_error_budget_remaining:ratio{${availabilitySlo}}` }],
    unit: "percentunit",
    min: 0,
    max: 1,
    steps: [
      { value: null, color: "red" },
      { value: 0.1, color: "orange" },
      { value: 0.25, color: "green" },
    ],
    ...(width !== undefined ? { width } : {}),
  });
}
