import { durationSeconds } from "../../settings/durations";
import type { Slo, SloPeriod, SloSpec } from "./spec";

/**
 * The multi-window multi-burn-rate alert windows of each SLO period (Google
 * SRE workbook, ch. 5), as Sloth catalogues them: for 30 and 28 days its
 * built-in windows, for 7 days the windows of its published 7-day example.
 * A tier fires when both its windows burn faster than its factor, the factor
 * being the rate that spends `budgetPercent` of the period's budget within
 * the long window: `budgetPercent / 100 × period / longWindow` (Sloth's own
 * formula). Scaling the period so changes the factors, not the windows.
 */

/** One window pair of the alerts. */
export interface BurnRateTier {
  readonly alert: "page" | "ticket";
  readonly shortWindow: string;
  readonly longWindow: string;
  /** Share of the period's error budget this tier lets the long window spend before it fires. */
  readonly budgetPercent: number;
  /** How many times faster than "exactly the whole budget over the period" the SLO burns. */
  readonly factor: number;
}

type TierWindows = Omit<BurnRateTier, "factor">;

/**
 * Page on 2% of the budget spent in 1 hour or 5% in 6 hours; ticket on 10% in
 * 1 day or 10% in 3 days. The short window makes the alert stop soon after
 * the burn stops.
 */
const workbookWindows: readonly TierWindows[] = [
  { alert: "page", shortWindow: "5m", longWindow: "1h", budgetPercent: 2 },
  { alert: "page", shortWindow: "30m", longWindow: "6h", budgetPercent: 5 },
  { alert: "ticket", shortWindow: "2h", longWindow: "1d", budgetPercent: 10 },
  { alert: "ticket", shortWindow: "6h", longWindow: "3d", budgetPercent: 10 },
];

/** A week's budget is small: each tier lets a larger share of it go before alerting. */
const weekWindows: readonly TierWindows[] = [
  { alert: "page", shortWindow: "5m", longWindow: "1h", budgetPercent: 8 },
  { alert: "page", shortWindow: "30m", longWindow: "6h", budgetPercent: 12.5 },
  { alert: "ticket", shortWindow: "2h", longWindow: "1d", budgetPercent: 20 },
  { alert: "ticket", shortWindow: "6h", longWindow: "3d", budgetPercent: 42 },
];

const windowsOfPeriod: Readonly<Record<SloPeriod, readonly TierWindows[]>> = {
  "30d": workbookWindows,
  "28d": workbookWindows,
  "7d": weekWindows,
};

/** The period an SLO is measured over: its own, else its spec's, else 30 days (Sloth's default). */
export function sloPeriodOf(spec: SloSpec, slo: Slo): SloPeriod {
  return slo.slo_period ?? spec.slo_period ?? "30d";
}

/** The period in days, e.g. 30 for "30d". */
export function periodDays(period: SloPeriod): number {
  return durationSeconds(period) / 86_400;
}

/** The four tiers of a period, page tiers first, each with its factor. */
export function burnRateTiersFor(period: SloPeriod): BurnRateTier[] {
  const periodHours = durationSeconds(period) / 3_600;
  return windowsOfPeriod[period].map((tier) => ({
    ...tier,
    // Rounded so that 30d's factors read 14.4, 6, 3 and 1, not 14.399999999999999.
    factor: Number(
      (((tier.budgetPercent / 100) * periodHours) / (durationSeconds(tier.longWindow) / 3_600)).toPrecision(10),
    ),
  }));
}

/** Every window of a period's tiers, shortest first: those with an SLI recording rule besides the period's own. */
export function alertWindowsFor(period: SloPeriod): string[] {
  const windows = new Set(windowsOfPeriod[period].flatMap((tier) => [tier.shortWindow, tier.longWindow]));
  return [...windows].sort((a, b) => durationSeconds(a) - durationSeconds(b));
}
