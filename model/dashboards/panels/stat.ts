import * as common from "@grafana/grafana-foundation-sdk/common";
import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import { prometheusPanel } from "./basics";
import { thresholds, type PanelSpec, type Step } from "./types";

/** A single-value panel: the latest value of each series, coloured by thresholds. */
export function statPanel(
  spec: PanelSpec & {
    readonly steps: readonly Step[];
    /** Text for exact values, e.g. `{ "0": "DOWN", "1": "UP" }` with colours. */
    readonly valueText?: Readonly<Record<string, { readonly text: string; readonly color: string }>>;
  },
): stat.PanelBuilder {
  const panel = prometheusPanel(new stat.PanelBuilder(), spec, { width: 6, height: 4 })
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
