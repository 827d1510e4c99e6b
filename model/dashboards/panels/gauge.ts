import * as common from "@grafana/grafana-foundation-sdk/common";
import * as gauge from "@grafana/grafana-foundation-sdk/gauge";
import { thresholds, type PanelSpec, type Step } from "./types";
import { prometheusPanel } from "./basics";

/**
 * A dial of the latest value against fixed bounds, for numbers read
 * relative to a target (availability against 99.9%, budget left out of
 * 100%): the threshold colours sit on the dial's rim.
 */
export function gaugePanel(
  spec: PanelSpec & {
    readonly steps: readonly Step[];
    /** Dial start; a 99.9% target reads better on a 99..100% dial than on 0..100%. */
    readonly min: number;
    readonly max: number;
    readonly decimals?: number;
  },
): gauge.PanelBuilder {
  const panel = prometheusPanel(new gauge.PanelBuilder(), spec, { width: 6, height: 6 })
    .unit(spec.unit ?? "short")
    .min(spec.min)
    .max(spec.max)
    .thresholds(thresholds(spec.steps))
    .showThresholdMarkers(true)
    .showThresholdLabels(false)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false));
  if (spec.decimals !== undefined) panel.decimals(spec.decimals);
  return panel;
}
