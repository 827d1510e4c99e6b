import * as common from "@grafana/grafana-foundation-sdk/common";
import * as heatmap from "@grafana/grafana-foundation-sdk/heatmap";
import type { PanelSpec } from "./types";
import { prometheusPanel } from "./basics";

/**
 * The distribution of a classic Prometheus histogram over time: one cell
 * per bucket and time step, coloured by how many observations fell in it.
 * The query must return per-bucket rates by `le` (e.g.
 * `sum by (le) (rate(x_bucket[$__rate_interval]))`); Grafana takes the
 * buckets as they are instead of re-bucketing them, and exemplars (when the
 * query asks for them) show as dots that open the trace.
 */
export function heatmapPanel(spec: PanelSpec): heatmap.PanelBuilder {
  return prometheusPanel(new heatmap.PanelBuilder(), spec, { width: 12, height: 8 }, "heatmap")
    .calculate(false)
    .yAxis(new heatmap.YAxisConfigBuilder().unit(spec.unit ?? "short"))
    .color(
      new heatmap.HeatmapColorOptionsBuilder()
        .mode(heatmap.HeatmapColorMode.Scheme)
        .scheme("Oranges")
        .scale(heatmap.HeatmapColorScale.Exponential)
        .exponent(0.5)
        .steps(64),
    )
    .cellGap(1)
    .rowsFrame(new heatmap.RowsHeatmapOptionsBuilder().layout(common.HeatmapCellLayout.Le))
    .tooltip(new heatmap.HeatmapTooltipBuilder().mode(common.TooltipDisplayMode.Single).yHistogram(true))
    .exemplarsColor("rgba(255,0,255,0.7)")
    .showLegend();
}
