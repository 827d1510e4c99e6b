import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";

/** One PromQL query of a panel. */
export interface PromQuery {
  readonly expr: string;
  /** Legend template, e.g. `{{job}}`. */
  readonly legend?: string;
  /** Ask Prometheus for exemplars (trace links on histogram panels). */
  readonly exemplar?: boolean;
}

/** What every panel states. */
export interface PanelSpec {
  readonly title: string;
  /** Shown as the panel's help tooltip: what the numbers mean and when to worry. */
  readonly description: string;
  readonly queries: readonly PromQuery[];
  /** Grafana unit id, e.g. `s`, `percentunit`, `reqps`. */
  readonly unit?: string;
  /** Width in grid columns (of 24). @default 12 */
  readonly width?: number;
  /** Height in grid rows. @default 8 */
  readonly height?: number;
}

/** A threshold step: from `value` up (null: from minus infinity) the colour applies. */
export interface Step {
  readonly value: number | null;
  readonly color: string;
}

/** Absolute thresholds from steps. */
export function thresholds(steps: readonly Step[]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps(steps.map((step) => ({ value: step.value, color: step.color })));
}
