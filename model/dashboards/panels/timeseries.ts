import * as common from "@grafana/grafana-foundation-sdk/common";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { prometheusPanel } from "./basics";
import type { PanelSpec } from "./types";

/** A time series panel with a table legend (last, max), the default for rates and latencies. */
export function timeseriesPanel(
  spec: PanelSpec & { readonly stacked?: boolean; readonly min?: number },
): timeseries.PanelBuilder {
  const panel = prometheusPanel(new timeseries.PanelBuilder(), spec, { width: 12, height: 8 })
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
