import { withoutGrafanaIntervals } from "../../model/metrics/promql";
import { dataPanels, type DashboardJson } from "./packContent";

/** What a dashboard check asks of a live Prometheus. */
export interface LivePrometheus {
  /** An instant query's result (its series). */
  query(expr: string): Promise<readonly unknown[]>;
  /** `label_values`: the values of `label`, of the series `match` selects when given. */
  labelValues(label: string, match?: string): Promise<readonly string[]>;
}

/** How many panels answered, and which did not. */
export interface PanelCoverage {
  readonly panels: number;
  readonly withData: number;
  /** `<dashboard uid> / <panel title>` of each empty panel no reason excuses. */
  readonly empty: readonly string[];
  /** The empty panels a reason excuses, by reason. */
  readonly excused: ReadonlyMap<string, readonly string[]>;
}

/**
 * Sends every query of every panel of `dashboards` to a live Prometheus,
 * with each query variable set as Grafana would first pick it. A panel
 * that filters for problems (`expr > 0`) is checked without the filter:
 * the series it filters must exist. `legitimatelyEmpty` excuses panels by
 * `<dashboard uid>/<panel title>` (or `<dashboard uid>/*`), with the reason.
 */
export async function panelCoverage(
  dashboards: readonly DashboardJson[],
  prometheus: LivePrometheus,
  legitimatelyEmpty: Readonly<Record<string, string>>,
): Promise<PanelCoverage> {
  let panels = 0;
  let withData = 0;
  const empty: string[] = [];
  const excused = new Map<string, string[]>();
  for (const dashboard of dashboards) {
    const values = new Map<string, string | undefined>();
    for (const variable of dashboard.templating?.list ?? []) {
      if (variable.type === "query") values.set(variable.name, await variableValue(prometheus, variable.query));
    }
    for (const panel of dataPanels(dashboard)) {
      const exprs = (panel.targets ?? []).flatMap((target) => (target.expr ? [target.expr] : []));
      if (exprs.length === 0) continue;
      panels += 1;
      const where = `${dashboard.uid} / ${panel.title ?? "(untitled)"}`;
      let answered = false;
      let unresolved = false;
      for (const expr of exprs) {
        let query = withoutGrafanaIntervals(expr);
        for (const [name, value] of values) {
          if (!query.includes(`$${name}`) && !query.includes(`\${${name}}`)) continue;
          if (value === undefined) unresolved = true;
          query = query.replaceAll(`\${${name}}`, value ?? "").replaceAll(`$${name}`, value ?? "");
        }
        if (unresolved) break;
        if ((await prometheus.query(withoutProblemFilter(query))).length > 0) answered = true;
      }
      const reason =
        legitimatelyEmpty[`${dashboard.uid}/${panel.title ?? ""}`] ?? legitimatelyEmpty[`${dashboard.uid}/*`];
      if (answered) withData += 1;
      else if (reason !== undefined) excused.set(reason, [...(excused.get(reason) ?? []), where]);
      else empty.push(where);
    }
  }
  return { panels, withData, empty, excused };
}

/** The coverage as one line of figures: panels with data, and each excuse with its first panel. */
export function coverageFigure(coverage: PanelCoverage): string {
  return (
    `${coverage.withData} of ${coverage.panels}` +
    [...coverage.excused].map(([reason, where]) => `; ${where.length} without data (${where[0]}…): ${reason}`).join("")
  );
}

/** A query that filters for problems (`expr > 0`) as the series it filters; others as they are. */
function withoutProblemFilter(expr: string): string {
  return /^(.*\S)\s*>\s*0\s*$/s.exec(expr)?.[1] ?? expr;
}

/** A dashboard variable's value as Grafana would first pick it: the first of `label_values(metric, label)`. */
async function variableValue(prometheus: LivePrometheus, query: unknown): Promise<string | undefined> {
  const text = typeof query === "string" ? query : ((query as { query?: string } | undefined)?.query ?? "");
  const match = /^label_values\((?:(.+),\s*)?(\w+)\)$/.exec(text.trim());
  if (match === null) return undefined;
  const [, metric, label] = match;
  return (await prometheus.labelValues(label ?? "", metric))[0];
}
