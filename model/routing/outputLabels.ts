import { promqlParser, withoutGrafanaIntervals, type SyntaxNode } from "../metrics/promql";

/**
 * Which labels the series of a PromQL expression's result can carry, read
 * from the expression's parse tree (the Prometheus grammar,
 * `@prometheus-io/lezer-promql`) with Prometheus' own rules: an aggregation
 * keeps its `by` labels, `on(...)` narrows a one-to-one match to those
 * labels, `and`/`unless` keep the left side's, `or` both sides', a
 * `group_left(...)` adds the named labels, `label_replace` its target. What
 * the analysis cannot know (a metric no catalog declares) makes the set
 * open: any label may then be there.
 */

/** The labels an expression's result can carry. */
export interface LabelSet {
  readonly names: ReadonlySet<string>;
  /** True when labels other than `names` may be there too. */
  readonly open: boolean;
}

/** Where the labels of a selected metric come from. */
export type SelectorLabels = (metric: string | undefined, equalityMatchers: readonly string[]) => LabelSet;

const empty: LabelSet = { names: new Set(), open: false };

function set(names: Iterable<string>, open = false): LabelSet {
  return { names: new Set(names), open };
}

function union(a: LabelSet, b: LabelSet): LabelSet {
  return set([...a.names, ...b.names], a.open || b.open);
}

function without(a: LabelSet, dropped: readonly string[]): LabelSet {
  return set(
    [...a.names].filter((name) => !dropped.includes(name)),
    a.open,
  );
}

/** Children of a node, skipping the grammar's keyword and punctuation leaves. */
function children(node: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) found.push(child);
  return found;
}

const expressionNodes = new Set([
  "AggregateExpr",
  "BinaryExpr",
  "FunctionCall",
  "MatrixSelector",
  "NumberDurationLiteral",
  "NumberLiteral",
  "OffsetExpr",
  "ParenExpr",
  "StringLiteral",
  "SubqueryExpr",
  "UnaryExpr",
  "VectorSelector",
  "StepInvariantExpr",
]);

function expressionChildren(node: SyntaxNode): SyntaxNode[] {
  return children(node).filter((child) => expressionNodes.has(child.name));
}

/** Functions whose result has no labels (scalars, constants, a new vector). */
const labelless = new Set([
  "vector",
  "time",
  "scalar",
  "pi",
  "minute",
  "hour",
  "day_of_month",
  "day_of_week",
  "day_of_year",
  "days_in_month",
  "month",
  "year",
]);

/** Aggregations that keep each series' own labels (they select series, not sum them). */
const selecting = new Set(["topk", "bottomk", "limitk", "limit_ratio"]);

/** The labels of an expression's result. */
export function outputLabels(expression: string, selectorLabels: SelectorLabels): LabelSet {
  const expr = withoutGrafanaIntervals(expression);
  const text = (node: SyntaxNode): string => expr.slice(node.from, node.to);
  const unquote = (literal: string): string => literal.slice(1, -1);
  const labelNames = (node: SyntaxNode | null): string[] =>
    node === null
      ? []
      : children(node)
          .filter((child) => child.name === "LabelName")
          .map(text);

  const visit = (node: SyntaxNode): LabelSet => {
    switch (node.name) {
      case "PromQL":
      case "ParenExpr":
      case "MatrixSelector":
      case "OffsetExpr":
      case "SubqueryExpr":
      case "UnaryExpr":
      case "StepInvariantExpr": {
        const [inner] = expressionChildren(node);
        return inner === undefined ? empty : visit(inner);
      }
      case "NumberDurationLiteral":
      case "NumberLiteral":
      case "StringLiteral":
        return empty;
      case "VectorSelector": {
        const identifier = node.getChild("Identifier");
        const equalities: string[] = [];
        const matchers = node.getChild("LabelMatchers");
        for (const matcher of matchers === null ? [] : children(matchers)) {
          const label = matcher.getChild("LabelName");
          const op = matcher.getChild("MatchOp");
          if (label !== null && op !== null && text(op) === "=") equalities.push(text(label));
        }
        return selectorLabels(identifier === null ? undefined : text(identifier), equalities);
      }
      case "FunctionCall":
        return functionLabels(node);
      case "AggregateExpr":
        return aggregateLabels(node);
      case "BinaryExpr":
        return binaryLabels(node);
      default:
        // A node this analysis does not know: anything may come out of it.
        return set([], true);
    }
  };

  const functionLabels = (node: SyntaxNode): LabelSet => {
    const name = text(node.getChild("FunctionIdentifier") ?? node).trim();
    const args = expressionChildren(node.getChild("FunctionCallBody") ?? node);
    if (labelless.has(name)) return empty;
    if (name === "absent" || name === "absent_over_time") {
      // Its one series has the equality matchers' labels of the selector it was given.
      const selector = args[0]?.name === "MatrixSelector" ? args[0].getChild("VectorSelector") : args[0];
      if (selector?.name !== "VectorSelector") return empty;
      const matchers = selector.getChild("LabelMatchers");
      const names: string[] = [];
      for (const matcher of matchers === null ? [] : children(matchers)) {
        const label = matcher.getChild("LabelName");
        const op = matcher.getChild("MatchOp");
        if (label !== null && op !== null && text(op) === "=" && text(label) !== "__name__") names.push(text(label));
      }
      return set(names);
    }
    const vector = args.find((arg) => !["NumberDurationLiteral", "NumberLiteral", "StringLiteral"].includes(arg.name));
    const inner = vector === undefined ? empty : visit(vector);
    if (name === "label_replace" || name === "label_join") {
      const target = args.find((arg) => arg.name === "StringLiteral");
      return target === undefined ? set(inner.names, true) : union(inner, set([unquote(text(target))]));
    }
    if (name === "histogram_quantile") return without(inner, ["le"]);
    return inner;
  };

  const aggregateLabels = (node: SyntaxNode): LabelSet => {
    const op = text(node.getChild("AggregateOp") ?? node).trim();
    const modifier = node.getChild("AggregateModifier");
    const args = expressionChildren(node.getChild("FunctionCallBody") ?? node);
    const inner = args.length === 0 ? empty : visit(args[args.length - 1]);
    if (selecting.has(op)) return inner;
    let result: LabelSet = empty;
    if (modifier !== null) {
      const grouping = labelNames(modifier.getChild("GroupingLabels"));
      result = modifier.getChild("Without") !== null ? without(inner, grouping) : set(grouping);
    }
    if (op === "count_values") {
      const label = args.find((arg) => arg.name === "StringLiteral");
      if (label !== undefined) result = union(result, set([unquote(text(label))]));
    }
    return result;
  };

  const binaryLabels = (node: SyntaxNode): LabelSet => {
    const [left, right] = expressionChildren(node);
    if (left === undefined || right === undefined) return set([], true);
    const leftLabels = visit(left);
    const rightLabels = visit(right);
    const isScalar = (side: SyntaxNode): boolean =>
      ["NumberDurationLiteral", "NumberLiteral"].includes(side.name) ||
      (side.name === "FunctionCall" &&
        ["scalar", "time", "pi"].includes(text(side.getChild("FunctionIdentifier") ?? side)));
    if (isScalar(left)) return rightLabels;
    if (isScalar(right)) return leftLabels;
    const operator = children(node).find((child) => ["And", "Or", "Unless"].includes(child.name))?.name;
    if (operator === "Or") return union(leftLabels, rightLabels);
    if (operator === "And" || operator === "Unless") return leftLabels;
    const matching = node.getChild("MatchingModifierClause");
    if (matching === null) return leftLabels;
    const groups = children(matching).filter((child) => child.name === "GroupingLabels");
    const matched = labelNames(groups[0] ?? null);
    const included = labelNames(groups[1] ?? null);
    if (matching.getChild("GroupLeft") !== null) return union(leftLabels, set(included));
    if (matching.getChild("GroupRight") !== null) return union(rightLabels, set(included));
    // One to one: `on` keeps only the matched labels, `ignoring` drops them.
    return matching.getChild("On") !== null ? set(matched) : without(leftLabels, matched);
  };

  return visit(promqlParser().parse(expr).topNode);
}
