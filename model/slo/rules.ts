import { stringify } from "yaml";
import { windowPlaceholder, type Slo, type SloSpec } from "./spec";

/**
 * Prometheus rules from a Sloth `prometheus/v1` spec, with Sloth's rule names,
 * group names and labels (`slo:sli_error:ratio_rate<window>`, `sloth_id`,
 * `sloth_service`, `sloth_slo`, `sloth_window`, the metadata rules) so that
 * Sloth's dashboards and queries work on them unchanged.
 */

/** A recording rule as Prometheus' rule file format spells it. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** An alerting rule as Prometheus' rule file format spells it. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** One rule group of a rule file. */
export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}

/** The SLO period: Sloth's default, and what the burn-rate factors below are computed for. */
export const sloPeriodDays = 30;

/** One window pair of the multi-window multi-burn-rate alerts (Google SRE workbook, ch. 5). */
export interface BurnRateTier {
  readonly alert: "page" | "ticket";
  readonly shortWindow: string;
  readonly longWindow: string;
  /** How many times faster than "exactly the whole budget in 30 days" the SLO burns. */
  readonly factor: number;
}

/**
 * Page on 2% of the monthly budget spent in 1 hour or 5% in 6 hours; ticket
 * on 10% in 1 day or 10% in 3 days. The short window makes the alert stop
 * soon after the burn stops.
 */
export const burnRateTiers: readonly BurnRateTier[] = [
  { alert: "page", shortWindow: "5m", longWindow: "1h", factor: 14.4 },
  { alert: "page", shortWindow: "30m", longWindow: "6h", factor: 6 },
  { alert: "ticket", shortWindow: "2h", longWindow: "1d", factor: 3 },
  { alert: "ticket", shortWindow: "6h", longWindow: "3d", factor: 1 },
];

/** Every window with an SLI recording rule computed from the spec's queries. */
export const sliWindows: readonly string[] = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"];

const periodWindow = `${sloPeriodDays}d`;

/** Severity and Sloth's own severity name per alert kind; severity is what the Alertmanager routes match. */
const alertKinds = {
  page: { severity: "critical", slothSeverity: "page", meta: "page_alert" },
  ticket: { severity: "warning", slothSeverity: "ticket", meta: "ticket_alert" },
} as const;

/** Runbook linked when the spec's annotations name none; rewritten to the stack's runbook base URL like every rule file's. */
export const defaultSloRunbook = "docs/runbooks/SLOBurnRate.md";

/** Options of the generator. */
export interface SloRuleOptions {
  /**
   * Compute the 30d SLI by averaging the 5m rule (Sloth's optimisation: far
   * cheaper than a 30d rate) instead of running the spec's query over 30d.
   * @default true
   */
  readonly averagePeriodFrom5m?: boolean;
}

/** `sloth_id`: the SLO's identity across services, as Sloth builds it. */
export function sloId(spec: SloSpec, slo: Slo): string {
  return `${spec.service}-${slo.name}`;
}

function idLabels(spec: SloSpec, slo: Slo): Record<string, string> {
  return { sloth_id: sloId(spec, slo), sloth_service: spec.service, sloth_slo: slo.name };
}

/** Spec labels under the identity labels: the identity must not be overridable or the rules stop joining. */
function ruleLabels(spec: SloSpec, slo: Slo): Record<string, string> {
  return { ...spec.labels, ...slo.labels, ...idLabels(spec, slo) };
}

/** `{sloth_id="…", sloth_service="…", sloth_slo="…"}`: selects exactly this SLO's series. */
function idSelector(spec: SloSpec, slo: Slo): string {
  const labels = idLabels(spec, slo);
  const matchers = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`);
  return `{${matchers.join(", ")}}`;
}

/** Name of the SLI error-ratio recording rule of a window. */
export function sliMetric(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** The SLI error ratio over a window, from the spec's queries. */
function sliExpression(slo: Slo, window: string): string {
  const fill = (query: string): string => query.replace(windowPlaceholder, window).trim();
  const events = slo.sli.events;
  if (events !== undefined) return `(${fill(events.error_query)})\n/\n(${fill(events.total_query)})`;
  const raw = slo.sli.raw;
  if (raw === undefined)
    throw new Error(`SLO ${slo.name} has neither events nor raw SLI (the schema should have said so)`);
  return `(${fill(raw.error_ratio_query)})`;
}

/** `1 - objective`, rounded so that 99.9 gives 0.001 rather than 0.0010000000000000009. */
export function errorBudgetRatio(objective: number): number {
  return Number(((100 - objective) / 100).toPrecision(12));
}

function objectiveRatio(objective: number): number {
  return Number((objective / 100).toPrecision(12));
}

function sliRecordingRules(spec: SloSpec, slo: Slo, options: SloRuleOptions): RecordingRule[] {
  const labels = ruleLabels(spec, slo);
  const rules: RecordingRule[] = sliWindows.map((window) => ({
    record: sliMetric(window),
    expr: sliExpression(slo, window),
    labels: { ...labels, sloth_window: window },
  }));
  const selector = idSelector(spec, slo);
  // Summing ratios and dividing by their count (each a full ratio of 1) is
  // the average of the 5m ratios over the period: Sloth's cheap 30d SLI.
  const periodExpr =
    (options.averagePeriodFrom5m ?? true)
      ? `sum_over_time(${sliMetric("5m")}${selector}[${periodWindow}])\n` +
        `/ ignoring (sloth_window)\n` +
        `count_over_time(${sliMetric("5m")}${selector}[${periodWindow}])`
      : sliExpression(slo, periodWindow);
  rules.push({ record: sliMetric(periodWindow), expr: periodExpr, labels: { ...labels, sloth_window: periodWindow } });
  return rules;
}

function burnRateExpression(spec: SloSpec, slo: Slo, window: string): string {
  const selector = idSelector(spec, slo);
  return (
    `${sliMetric(window)}${selector}\n` +
    `/ on (sloth_id, sloth_slo, sloth_service) group_left\n` +
    `slo:error_budget:ratio${selector}`
  );
}

function metadataRecordingRules(spec: SloSpec, slo: Slo): RecordingRule[] {
  const labels = ruleLabels(spec, slo);
  const selector = idSelector(spec, slo);
  return [
    { record: "slo:objective:ratio", expr: `vector(${objectiveRatio(slo.objective)})`, labels },
    { record: "slo:error_budget:ratio", expr: `vector(${errorBudgetRatio(slo.objective)})`, labels },
    { record: "slo:time_period:days", expr: `vector(${sloPeriodDays})`, labels },
    { record: "slo:current_burn_rate:ratio", expr: burnRateExpression(spec, slo, "5m"), labels },
    { record: "slo:period_burn_rate:ratio", expr: burnRateExpression(spec, slo, periodWindow), labels },
    {
      record: "slo:period_error_budget_remaining:ratio",
      expr: `1 - slo:period_burn_rate:ratio${selector}`,
      labels,
    },
    {
      record: "sloth_slo_info",
      expr: "vector(1)",
      labels: {
        ...labels,
        sloth_version: "observability-stack",
        sloth_mode: "cli-gen-prom",
        sloth_spec: spec.version,
        sloth_objective: String(slo.objective),
      },
    },
  ];
}

/**
 * One tier's condition: both windows burn faster than `factor` times the
 * budget. Exported so that tests can probe each tier on its own, since the
 * alerts join two tiers with `or`.
 */
export function tierCondition(spec: SloSpec, slo: Slo, tier: BurnRateTier): string {
  const selector = idSelector(spec, slo);
  const threshold = `(${tier.factor} * ${errorBudgetRatio(slo.objective)})`;
  return (
    `(${sliMetric(tier.shortWindow)}${selector} > ${threshold})\n` +
    `and ignoring (sloth_window)\n` +
    `(${sliMetric(tier.longWindow)}${selector} > ${threshold})`
  );
}

function alertRules(spec: SloSpec, slo: Slo): AlertingRule[] {
  const alerting = slo.alerting;
  const name = alerting?.name;
  if (name === undefined) return [];
  const rules: AlertingRule[] = [];
  for (const kind of ["page", "ticket"] as const) {
    const { severity, slothSeverity, meta } = alertKinds[kind];
    const specific = alerting?.[meta];
    if (specific?.disable === true) continue;
    const tiers = burnRateTiers.filter((tier) => tier.alert === kind);
    const expr = tiers.map((tier) => `(\n${tierCondition(spec, slo, tier)}\n)`).join("\nor ignoring (sloth_window)\n");
    const windows = tiers.map((tier) => `${tier.shortWindow}/${tier.longWindow} > ${tier.factor}x`).join(" or ");
    rules.push({
      alert: name,
      expr,
      // The spec's labels may refine severity (Sloth habit); ours are the defaults.
      labels: { severity, sloth_severity: slothSeverity, ...alerting?.labels, ...specific?.labels },
      annotations: {
        summary: "{{ $labels.sloth_service }} {{ $labels.sloth_slo }} SLO error budget burn rate is too fast",
        description:
          `{{ $labels.sloth_service }} {{ $labels.sloth_slo }} burns its ${slo.objective}% SLO error budget ` +
          `faster than allowed (${windows} the budget rate); ` +
          `at this pace the ${sloPeriodDays}-day budget runs out early.`,
        runbook_url: defaultSloRunbook,
        ...alerting?.annotations,
        ...specific?.annotations,
      },
    });
  }
  return rules;
}

/** Rule groups of every SLO of a spec, in Sloth's group layout (SLI, metadata, alerts per SLO). */
export function sloRuleGroups(spec: SloSpec, options: SloRuleOptions = {}): RuleGroup[] {
  return spec.slos.flatMap((slo) => {
    const id = sloId(spec, slo);
    const groups: RuleGroup[] = [
      { name: `sloth-slo-sli-recordings-${id}`, rules: sliRecordingRules(spec, slo, options) },
      { name: `sloth-slo-meta-recordings-${id}`, rules: metadataRecordingRules(spec, slo) },
    ];
    const alerts = alertRules(spec, slo);
    if (alerts.length > 0) groups.push({ name: `sloth-slo-alerts-${id}`, rules: alerts });
    return groups;
  });
}

/** The rule file (YAML) of a spec. */
export function sloRuleFile(spec: SloSpec, options: SloRuleOptions = {}): string {
  return stringify({ groups: sloRuleGroups(spec, options) }, { lineWidth: 0, aliasDuplicateObjects: false });
}
