import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { prometheusRef } from "./uids";

/**
 * The few panel shapes the stack's dashboards use, built with the Grafana
 * Foundation SDK. Every panel and every query names the Prometheus
 * datasource by its fixed uid, so the JSON works unchanged in the
 * provisioned Grafana and in an external one.
 */

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

const refIds = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function targets(queries: readonly PromQuery[]): DataqueryBuilder[] {
  if (queries.length === 0) throw new Error("a panel needs at least one query");
  return queries.map((query, index) => {
    const target = new DataqueryBuilder()
      .datasource(prometheusRef)
      .refId(refIds[index] ?? `Q${index}`)
      .expr(query.expr)
      .range();
    if (query.legend !== undefined) target.legendFormat(query.legend);
    if (query.exemplar === true) target.exemplar(true);
    return target;
  });
}

function thresholds(steps: readonly Step[]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps(steps.map((step) => ({ value: step.value, color: step.color })));
}

/** A time series panel with a table legend (last, max), the default for rates and latencies. */
export function timeseriesPanel(
  spec: PanelSpec & { readonly stacked?: boolean; readonly min?: number },
): timeseries.PanelBuilder {
  const panel = new timeseries.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(prometheusRef)
    .targets(targets(spec.queries))
    .span(spec.width ?? 12)
    .height(spec.height ?? 8)
    .unit(spec.unit ?? "short")
    .lineWidth(1)
    .fillOpacity(spec.stacked === true ? 30 : 10)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.Table)
        .placement(common.LegendPlacement.Bottom)
        .calcs(["lastNotNull", "max"]),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending),
    );
  if (spec.stacked === true) {
    panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  }
  if (spec.min !== undefined) panel.min(spec.min);
  return panel;
}

/** A single-value panel: the latest value of each series, coloured by thresholds. */
export function statPanel(
  spec: PanelSpec & {
    readonly steps: readonly Step[];
    /** Text for exact values, e.g. `{ "0": "DOWN", "1": "UP" }` with colours. */
    readonly valueText?: Readonly<Record<string, { readonly text: string; readonly color: string }>>;
  },
): stat.PanelBuilder {
  const panel = new stat.PanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(prometheusRef)
    .targets(targets(spec.queries))
    .span(spec.width ?? 6)
    .height(spec.height ?? 4)
    .unit(spec.unit ?? "short")
    .thresholds(thresholds(spec.steps))
    .colorMode(common.BigValueColorMode.Background)
    .graphMode(common.BigValueGraphMode.None)
    .textMode(
      spec.queries.some((query) => query.legend !== undefined)
        ? common.BigValueTextMode.ValueAndName
        : common.BigValueTextMode.Value,
    )
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false));
  if (spec.valueText !== undefined) {
    const options: Record<string, dashboard.ValueMappingResult> = {};
    Object.entries(spec.valueText).forEach(([value, result], index) => {
      options[value] = { text: result.text, color: result.color, index };
    });
    panel.mappings([{ type: dashboard.MappingType.ValueToText, options }]);
  }
  return panel;
}

/** A section heading; the panels added after it belong to it. */
export function row(title: string): dashboard.RowBuilder {
  return new dashboard.RowBuilder(title).collapsed(false);
}

/** A single-choice variable filled from the values of a label. */
export function labelVariable(name: string, label: string, metric: string): dashboard.QueryVariableBuilder {
  const query = `label_values(${metric}, ${name})`;
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(prometheusRef)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .includeAll(false)
    .multi(false);
}
