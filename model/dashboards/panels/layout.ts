import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { prometheusRef } from "../uids";

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
