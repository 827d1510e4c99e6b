import type { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import { prometheusRef, type DatasourceRef } from "../uids";
import { promTargets, type QueryShape } from "./queries";
import type { PanelSpec } from "./types";

/** The setters every panel kind's SDK builder has for what all our panels share. */
interface PanelBasics<Builder> {
  title(title: string): Builder;
  description(description: string): Builder;
  datasource(datasource: DatasourceRef): Builder;
  targets(targets: DataqueryBuilder[]): Builder;
  span(span: number): Builder;
  height(height: number): Builder;
}

/**
 * What every panel of the stack sets the same way, whatever its kind: its
 * title and help text, the Prometheus datasource by its fixed uid, its
 * queries as targets of `shape`, and its size (the spec's, else the kind's).
 */
export function prometheusPanel<Builder extends PanelBasics<Builder>>(
  builder: Builder,
  spec: PanelSpec,
  size: { readonly width: number; readonly height: number },
  shape: QueryShape = "range",
): Builder {
  return builder
    .title(spec.title)
    .description(spec.description)
    .datasource(prometheusRef)
    .targets(promTargets(spec.queries, shape))
    .span(spec.width ?? size.width)
    .height(spec.height ?? size.height);
}
