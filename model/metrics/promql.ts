import type * as LezerPromql from "@prometheus-io/lezer-promql";

type PromqlParser = (typeof LezerPromql)["parser"];

/** A node of the parse tree (the grammar package's own type). */
export type SyntaxNode = ReturnType<PromqlParser["parse"]>["topNode"];

let loadedParser: PromqlParser | undefined;

/**
 * The Prometheus project's PromQL grammar, loaded on first use: a program
 * run whose checks never read an expression (no routes to judge, or routes
 * the labels rules set decide) does not pay the grammar's load time.
 */
export function promqlParser(): PromqlParser {
  // A static import would load it with every module that imports this one.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loadedParser ??= (require("@prometheus-io/lezer-promql") as typeof LezerPromql).parser;
  return loadedParser;
}

/** A place in an expression the PromQL grammar does not accept. */
export interface PromqlSyntaxError {
  /** Character offset of the error. */
  readonly at: number;
  /** The expression around it, for the message. */
  readonly near: string;
}

/** One vector selector of an expression: the metric it names and the labels its matchers test. */
export interface PromqlSelector {
  /** Absent for a selector of labels only (`{job="x"}`). */
  readonly metric?: string;
  /** Label names of its matchers, `__name__` left out, in order. */
  readonly labels: readonly string[];
}

/** What a PromQL expression reads and whether it parses. */
export interface PromqlAnalysis {
  readonly errors: readonly PromqlSyntaxError[];
  /** Metric names of every selector, in order of appearance, each once. */
  readonly metrics: readonly string[];
  /** Every vector selector, in order of appearance. */
  readonly selectors: readonly PromqlSelector[];
}

/**
 * Grafana's built-in interval variables stand where PromQL needs a duration;
 * they are replaced by one so the grammar can judge the rest. Template
 * variables inside label values (`service="$service"`) are plain strings to
 * PromQL and stay as they are.
 */
const grafanaDurations: readonly (readonly [RegExp, string])[] = [
  [/\$\{?__rate_interval\}?/g, "5m"],
  [/\$\{?__interval\}?/g, "1m"],
  [/\$\{?__range\}?/g, "1h"],
];

/** The expression with Grafana's interval variables made into durations. */
export function withoutGrafanaIntervals(expr: string): string {
  return grafanaDurations.reduce((text, [pattern, duration]) => text.replace(pattern, duration), expr);
}

function stringValue(literal: string): string {
  // PromQL strings are Go-quoted ("..." or '...') or raw (`...`); metric
  // names never need escapes, so dropping the quotes is enough here.
  return literal.slice(1, -1);
}

/** The label names a selector's matchers test, `__name__` left out. */
function matcherLabels(selector: SyntaxNode, expr: string): string[] {
  const labels: string[] = [];
  const matchers = selector.getChild("LabelMatchers");
  for (let matcher = matchers?.firstChild; matcher; matcher = matcher.nextSibling) {
    const label = matcher.getChild("LabelName");
    if (label === null) continue;
    const name = expr.slice(label.from, label.to);
    if (name !== "__name__") labels.push(name);
  }
  return labels;
}

/** `{__name__="x"}` names its metric through a matcher instead of an identifier. */
function nameFromMatchers(selector: SyntaxNode, expr: string): string | undefined {
  const matchers = selector.getChild("LabelMatchers");
  for (let matcher = matchers?.firstChild; matcher; matcher = matcher.nextSibling) {
    const label = matcher.getChild("LabelName");
    const op = matcher.getChild("MatchOp");
    const value = matcher.getChild("StringLiteral");
    if (label && op && value && expr.slice(label.from, label.to) === "__name__" && expr.slice(op.from, op.to) === "=") {
      return stringValue(expr.slice(value.from, value.to));
    }
  }
  return undefined;
}

/**
 * Parses one PromQL expression with the Prometheus project's own grammar
 * (`@prometheus-io/lezer-promql`, the parser of Prometheus' UI) and lists
 * the metrics it selects and the labels each selector matches on. Grafana
 * interval variables are accepted.
 */
export function analysePromql(expression: string): PromqlAnalysis {
  const expr = withoutGrafanaIntervals(expression);
  const errors: PromqlSyntaxError[] = [];
  const metrics: string[] = [];
  const selectors: PromqlSelector[] = [];
  promqlParser()
    .parse(expr)
    .iterate({
      enter(node) {
        if (node.type.isError) {
          errors.push({ at: node.from, near: expr.slice(Math.max(0, node.from - 20), node.from + 20) });
        } else if (node.name === "VectorSelector") {
          const identifier = node.node.getChild("Identifier");
          const name = identifier ? expr.slice(identifier.from, identifier.to) : nameFromMatchers(node.node, expr);
          if (name !== undefined && !metrics.includes(name)) metrics.push(name);
          selectors.push({ ...(name !== undefined ? { metric: name } : {}), labels: matcherLabels(node.node, expr) });
        }
      },
    });
  if (expr.trim() === "") errors.push({ at: 0, near: "" });
  return { errors, metrics, selectors };
}
