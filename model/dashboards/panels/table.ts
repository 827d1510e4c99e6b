import * as common from "@grafana/grafana-foundation-sdk/common";
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as table from "@grafana/grafana-foundation-sdk/table";
import type { PanelSpec } from "./types";
import { prometheusPanel } from "./basics";

/** One column of a table panel: the query (by refId order) that fills it and how it reads. */
export interface TableColumn {
  /** Header of the column. */
  readonly title: string;
  /** Grafana unit id, e.g. `percentunit`, `s`. */
  readonly unit?: string;
  readonly decimals?: number;
}

/**
 * A table of the latest value of several instant queries, joined on their
 * shared labels (Grafana's `merge`): one row per label set (an endpoint, an
 * SLO), one column per query. `columns[i]` names the value of `queries[i]`;
 * the `Time` column is dropped, as every value is "now".
 */
export function tablePanel(
  spec: PanelSpec & {
    readonly columns: readonly TableColumn[];
    /** Labels to show as columns before the values, in this order; other labels are hidden. */
    readonly labelColumns: readonly string[];
    /** Column title to sort by, descending. */
    readonly sortBy?: string;
  },
): table.PanelBuilder {
  if (spec.columns.length !== spec.queries.length) {
    throw new Error(
      `table '${spec.title}' has ${spec.queries.length} queries but ${spec.columns.length} columns; give one column per query`,
    );
  }
  const refIds = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  // Grafana names the value column of a single table query `Value`, and after
  // a merge of several `Value #<refId>`; these renames and units key on that name.
  const valueName = (index: number): string => (spec.queries.length === 1 ? "Value" : `Value #${refIds[index] ?? "A"}`);
  const renameByName: Record<string, string> = {};
  const indexByName: Record<string, number> = {};
  spec.labelColumns.forEach((label, index) => {
    indexByName[label] = index;
  });
  spec.columns.forEach((column, index) => {
    renameByName[valueName(index)] = column.title;
    indexByName[valueName(index)] = spec.labelColumns.length + index;
  });
  const panel = prometheusPanel(new table.PanelBuilder(), spec, { width: 24, height: 8 }, "table")
    .withTransformation({ id: "merge", options: {} })
    .withTransformation({
      id: "organize",
      options: {
        // Hide everything but the chosen labels and the values.
        excludeByName: { Time: true },
        includeByName: Object.fromEntries(Object.keys(indexByName).map((name) => [name, true])),
        indexByName,
        renameByName,
      },
    })
    .showHeader(true)
    .filterable(false);
  spec.columns.forEach((column) => {
    const properties: dashboard.DynamicConfigValue[] = [];
    if (column.unit !== undefined) properties.push({ id: "unit", value: column.unit });
    if (column.decimals !== undefined) properties.push({ id: "decimals", value: column.decimals });
    if (properties.length > 0) panel.overrideByName(column.title, properties);
  });
  if (spec.sortBy !== undefined) {
    panel.sortBy([new common.TableSortByFieldStateBuilder().displayName(spec.sortBy).desc(true)]);
  }
  return panel;
}
