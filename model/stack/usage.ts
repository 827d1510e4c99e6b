import type { DashboardContext } from "../dashboards";
import { packDashboards } from "../grafana/dashboards";
import { familyOfSeries } from "../metrics/catalog";
import { analysePromql } from "../metrics/promql";
import type { MetricFamily } from "../metrics/types";
import { packRules } from "../packs/rules";
import type { Pack } from "../packs/types";

/** A dashboard panel as far as PromQL goes. */
interface PanelJson {
  readonly type?: string;
  readonly title?: string;
  readonly id?: number;
  readonly targets?: readonly { readonly expr?: string }[];
  readonly panels?: readonly PanelJson[];
}

/** Both ways a dashboard renders (with and without Jaeger in the stack). */
export const dashboardContexts: readonly DashboardContext[] = [{ tracing: true }, { tracing: false }];

/** Where a PromQL expression of a pack comes from, for messages. */
export interface PackExpression {
  readonly where: string;
  readonly expr: string;
}

/** `label_values(metric{...}, label)` and `query_result(expr)` hold PromQL; other variable queries do not. */
function variableExpression(query: unknown): string | undefined {
  const text = typeof query === "string" ? query : (query as { query?: unknown } | undefined)?.query;
  if (typeof text !== "string") return undefined;
  return (/^label_values\((.+),\s*\w+\)$/s.exec(text) ?? /^query_result\((.+)\)$/s.exec(text))?.[1];
}

function panelExpressions(uid: string, panels: readonly PanelJson[]): PackExpression[] {
  return panels.flatMap((panel) => [
    ...(panel.targets ?? []).map((target) => ({
      where: `dashboard ${uid} panel "${panel.title ?? panel.id ?? "?"}"`,
      expr: target.expr ?? "",
    })),
    ...panelExpressions(uid, panel.panels ?? []),
  ]);
}

/** Every PromQL expression a pack runs: rules (reviewed and generated), dashboard panels and variables. */
export function packExpressions(pack: Pack): PackExpression[] {
  const fromRules = packRules(pack).map((rule) => ({
    where: `rule ${rule.alert ?? rule.record ?? "?"}`,
    expr: rule.expr,
  }));
  const fromDashboards = packDashboards(pack).flatMap((build) =>
    dashboardContexts.flatMap((context) => {
      const json = build(context) as {
        uid?: string;
        panels?: PanelJson[];
        templating?: { list?: { name?: string; query?: unknown; definition?: string }[] };
      };
      const uid = json.uid ?? "?";
      const variables = (json.templating?.list ?? []).flatMap((variable) => {
        const expr = variableExpression(variable.query ?? variable.definition);
        return expr === undefined ? [] : [{ where: `dashboard ${uid} variable ${variable.name ?? "?"}`, expr }];
      });
      return [...panelExpressions(uid, json.panels ?? []), ...variables];
    }),
  );
  return [...fromRules, ...fromDashboards];
}

/**
 * The catalog families a pack's rules and dashboards actually read: what
 * the metrics-presence gate checks an endpoint for.
 */
export function familiesInUse(pack: Pack): MetricFamily[] {
  const used = new Set<MetricFamily>();
  for (const { expr } of packExpressions(pack)) {
    for (const metric of analysePromql(expr).metrics) {
      const family = familyOfSeries(metric, pack.metrics);
      if (family !== undefined) used.add(family);
    }
  }
  return pack.metrics.filter((family) => used.has(family));
}
