import { stringify } from "yaml";
import { alertWindowsFor, burnRateTiersFor, periodDays, sloPeriodOf, type BurnRateTier } from "./periods";
import { windowPlaceholder, type Slo, type SloSpec } from "./spec";

export type { BurnRateTier } from "./periods";

/**
 * Prometheus rules from a Sloth `prometheus/v1` spec, with Sloth's rule names,
 * group names and labels (`slo:sli_error:ratio_rate<window>`, `sloth_id`,
 * `sloth_service`, `sloth_slo`, `sloth_window`, the metadata rules) so that
 * Sloth's dashboards and queries work on them unchanged. Where they differ
 * from Sloth's, on purpose:
 * - an events SLI counts a 5-minute window without errors as 0: an error
 *   query that returns no series then (a `rate` of 5xx responses before the
 *   first 5xx) is filled with 0 for each series of the total query. Sloth
 *   divides the two as they are, so such windows have no ratio at all, and
 *   the period's average of the 5m ratios, taken over the windows that had
 *   errors only, overstates the burn. Only the 5m window is filled: the fill
 *   reads the total a second time, and the longer windows feed nothing but
 *   the alerts, for which a missing ratio and a ratio of 0 both mean no burn
 *   (so their rules cost what Sloth's do; `npm run bench -- prometheus`);
 * - the alerts carry the `service` label (the spec's service), so that
 *   routes written on `service` match them as they match every other alert;
 * - a spec or an SLO may set `slo_period` (model/slo/periods.ts).
 * Like Sloth's (v0.11 on), an alert drops `sloth_window`: one burn keeps one
 * alert from first firing to resolution while the tier that holds it true
 * changes, so Alertmanager neither re-notifies nor misses a silence.
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

/** The tiers of the default 30-day period (an SLO's own: `burnRateTiersFor(sloPeriodOf(spec, slo))`). */
export const burnRateTiers: readonly BurnRateTier[] = burnRateTiersFor("30d");

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
   * Compute the period's SLI (e.g. 30d) by averaging the 5m rule (Sloth's
   * optimisation: far cheaper than a 30d rate) instead of running the spec's
   * query over the period.
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

/** The window whose ratios the period's SLI averages, and the one window whose missing errors count as 0. */
const averagedWindow = "5m";

/**
 * The SLI error ratio over a window, from the spec's queries. In the 5m
 * window an events SLI's missing errors count as 0 for each series of the
 * total (see the file's comment); a raw ratio has no total to fill from and
 * stays as written.
 */
function sliExpression(slo: Slo, window: string): string {
  const fill = (query: string): string => query.replace(windowPlaceholder, window).trim();
  const events = slo.sli.events;
  if (events !== undefined) {
    const total = fill(events.total_query);
    const errors = fill(events.error_query);
    if (window !== averagedWindow) return `(${errors})\n/\n(${total})`;
    return `(\n  (${errors})\n  or\n  0 * (${total})\n)\n/\n(${total})`;
  }
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
  const periodWindow = sloPeriodOf(spec, slo);
  const rules: RecordingRule[] = alertWindowsFor(periodWindow).map((window) => ({
    record: sliMetric(window),
    expr: sliExpression(slo, window),
    labels: { ...labels, sloth_window: window },
  }));
  const selector = idSelector(spec, slo);
  // Summing ratios and dividing by their count (each a full ratio of 1) is
  // the average of the 5m ratios over the period: Sloth's cheap 30d SLI.
  const periodExpr =
    (options.averagePeriodFrom5m ?? true)
      ? `sum_over_time(${sliMetric(averagedWindow)}${selector}[${periodWindow}])\n` +
        `/ ignoring (sloth_window)\n` +
        `count_over_time(${sliMetric(averagedWindow)}${selector}[${periodWindow}])`
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
  const periodWindow = sloPeriodOf(spec, slo);
  return [
    { record: "slo:objective:ratio", expr: `vector(${objectiveRatio(slo.objective)})`, labels },
    { record: "slo:error_budget:ratio", expr: `vector(${errorBudgetRatio(slo.objective)})`, labels },
    { record: "slo:time_period:days", expr: `vector(${periodDays(periodWindow)})`, labels },
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
 * budget, each side without `sloth_window`, so that every tier of an alert
 * yields the same label set. Exported so that tests can probe each tier on
 * its own, since the alerts join two tiers with `or`.
 */
export function tierCondition(spec: SloSpec, slo: Slo, tier: BurnRateTier): string {
  const selector = idSelector(spec, slo);
  const threshold = `(${tier.factor} * ${errorBudgetRatio(slo.objective)})`;
  const burning = (window: string) => `max(${sliMetric(window)}${selector} > ${threshold}) without (sloth_window)`;
  return `${burning(tier.shortWindow)}\nand\n${burning(tier.longWindow)}`;
}

function alertRules(spec: SloSpec, slo: Slo): AlertingRule[] {
  const alerting = slo.alerting;
  const name = alerting?.name;
  if (name === undefined) return [];
  const rules: AlertingRule[] = [];
  const period = sloPeriodOf(spec, slo);
  for (const kind of ["page", "ticket"] as const) {
    const { severity, slothSeverity, meta } = alertKinds[kind];
    const specific = alerting?.[meta];
    if (specific?.disable === true) continue;
    const tiers = burnRateTiersFor(period).filter((tier) => tier.alert === kind);
    const expr = tiers.map((tier) => `(\n${tierCondition(spec, slo, tier)}\n)`).join("\nor\n");
    const windows = tiers.map((tier) => `${tier.shortWindow}/${tier.longWindow} > ${tier.factor}x`).join(" or ");
    rules.push({
      alert: name,
      expr,
      // The spec's labels may refine severity (Sloth habit) or service; ours are the defaults.
      labels: {
        severity,
        sloth_severity: slothSeverity,
        service: spec.service,
        ...alerting?.labels,
        ...specific?.labels,
      },
      annotations: {
        // Sloth's users template on `title` (the notification's headline).
        title: `(${slothSeverity}) {{ $labels.sloth_service }} {{ $labels.sloth_slo }} SLO error budget burn rate is too fast`,
        summary: "{{ $labels.sloth_service }} {{ $labels.sloth_slo }} SLO error budget burn rate is too fast",
        description:
          `{{ $labels.sloth_service }} {{ $labels.sloth_slo }} burns its ${slo.objective}% SLO error budget ` +
          `faster than allowed (${windows} the budget rate); ` +
          `at this pace the ${periodDays(period)}-day budget runs out early.`,
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
