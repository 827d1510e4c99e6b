import { DataqueryBuilder, PromQueryFormat } from "@grafana/grafana-foundation-sdk/prometheus";
import { prometheusRef } from "../uids";
import type { PromQuery } from "./types";

/**
 * How a panel asks Prometheus for data: `range` for graphs and single
 * values, `table` for one instant row per series (table panels), `heatmap`
 * for histogram buckets that Grafana draws as cells without recomputing.
 */
export type QueryShape = "range" | "table" | "heatmap";

const refIds = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * The targets of a panel: every query names the Prometheus datasource by
 * its fixed uid and gets a refId from A to Z.
 * @throws when there is no query or more than refIds can name.
 */
export function promTargets(queries: readonly PromQuery[], shape: QueryShape = "range"): DataqueryBuilder[] {
  if (queries.length === 0) throw new Error("a panel needs at least one query");
  if (queries.length > refIds.length) throw new Error(`a panel takes at most ${refIds.length} queries`);
  return queries.map((query, index) => {
    const target = new DataqueryBuilder()
      .datasource(prometheusRef)
      .refId(refIds[index] ?? "A")
      .expr(query.expr);
    if (shape === "table") target.instant().format(PromQueryFormat.Table);
    else target.range();
    if (shape === "heatmap") target.format(PromQueryFormat.Heatmap);
    if (query.legend !== undefined) target.legendFormat(query.legend);
    if (query.exemplar === true) target.exemplar(true);
    return target;
  });
}
