import type { StackSettings } from "../../settings/schema";
import { roles } from "../addresses";
import { jobNames } from "../jobNames";
import { familyOfSeries, synthesizedSeries, targetLabels } from "../metrics/catalog";
import { stackPacks } from "../packs/forStack";
import { sloRuleGroups } from "../slo/rules";
import { stackServiceSloSpecs, type SpecReader, readRepositorySpec } from "../slo/serviceSlos";
import { packRules, type PackRule } from "../packs/rules";
import { outputLabels, type LabelSet } from "./outputLabels";

/**
 * Every alert a stack can raise, as Alertmanager will see it: the labels
 * its rule fixes (with `alertname`) and those its expression may carry
 * (output labels of the PromQL, through the recording rules it reads), so
 * that routes can be judged against them before anything is deployed.
 */

/** One alerting rule of the stack, as label sets. */
export interface AlertShape {
  readonly alertname: string;
  /** Labels the rule sets, `alertname` among them. */
  readonly fixed: Readonly<Record<string, string>>;
  /** Labels its expression may carry besides (their values are the data's); worked out when first read. */
  readonly dynamic: LabelSet;
  /** Where it comes from: `pack <name>` or `service <name>`. */
  readonly source: string;
}

/**
 * The stack's own components, scraped by jobs of their own that add no
 * `service`, `pack` or service labels: their series carry only these target labels.
 */
const stackComponents: readonly string[] = [
  roles.prometheus,
  roles.alertmanager,
  roles.grafana,
  roles.jaeger,
  roles.nodeExporter,
  roles.cadvisor,
  roles.kubeStateMetrics,
  jobNames.kubeletVolumes,
];
const componentTargetLabels: readonly string[] = ["job", "instance", "namespace", "pod"];

interface SourcedRule {
  readonly rule: PackRule;
  readonly source: string;
}

/** The rules a stack deploys: its packs' (reviewed and generated from SLO specs), then its services' SLOs. */
function stackRules(settings: StackSettings, readSpec: SpecReader): SourcedRule[] {
  const fromPacks = stackPacks(settings).flatMap((pack) =>
    packRules(pack).map((rule) => ({ rule, source: `pack ${pack.name}` })),
  );
  const fromServices = stackServiceSloSpecs(settings, readSpec).flatMap(({ service, spec }) =>
    sloRuleGroups(spec).flatMap((group) => group.rules.map((rule) => ({ rule, source: `service ${service}` }))),
  );
  return [...fromPacks, ...fromServices];
}

/**
 * The alerts of a stack. A series read straight from a target carries its
 * catalog labels and the target's (`job`, `instance`, and but for the
 * stack's own components `service`, `pack`, the services' and pack jobs'
 * labels); a recorded series the labels of its
 * rule's expression and the rule's own; a series no catalog declares may
 * carry anything.
 */
export function stackAlerts(settings: StackSettings, readSpec: SpecReader = readRepositorySpec): AlertShape[] {
  const rules = stackRules(settings, readSpec);
  const packs = stackPacks(settings);
  const families = packs.flatMap((pack) => pack.metrics);
  const scrapeLabels = [
    ...targetLabels,
    ...settings.services.flatMap((service) => Object.keys(service.labels)),
    ...packs.flatMap((pack) => pack.scrapeJobs.flatMap((job) => Object.keys(job.labels ?? {}))),
  ];
  const recordings = new Map<string, PackRule[]>();
  for (const { rule } of rules) {
    if (rule.record !== undefined) recordings.set(rule.record, [...(recordings.get(rule.record) ?? []), rule]);
  }
  const resolved = new Map<string, LabelSet>();
  const resolving = new Set<string>();

  const selectorLabels = (metric: string | undefined): LabelSet => {
    if (metric === undefined) return { names: new Set(), open: true };
    const recorded = recordings.get(metric);
    if (recorded !== undefined) return recordedLabels(metric, recorded);
    if (metric === "ALERTS" || metric === "ALERTS_FOR_STATE") return { names: new Set(), open: true };
    if (synthesizedSeries.includes(metric)) return { names: new Set(scrapeLabels), open: false };
    const family = familyOfSeries(metric, families);
    if (family === undefined) return { names: new Set(), open: true };
    return {
      names: new Set([
        ...family.labels,
        ...(family.optionalLabels ?? []),
        ...(metric === `${family.name}_bucket` ? ["le"] : []),
        ...(family.type === "summary" ? ["quantile"] : []),
        ...(stackComponents.includes(family.source) ? componentTargetLabels : scrapeLabels),
      ]),
      open: false,
    };
  };

  const recordedLabels = (metric: string, recorded: readonly PackRule[]): LabelSet => {
    const known = resolved.get(metric);
    if (known !== undefined) return known;
    // A rule reading its own output (directly or not) is left open rather than looping.
    if (resolving.has(metric)) return { names: new Set(), open: true };
    resolving.add(metric);
    let names = new Set<string>();
    let open = false;
    for (const rule of recorded) {
      const result = outputLabels(rule.expr, selectorLabels);
      names = new Set([...names, ...result.names, ...Object.keys(rule.labels ?? {})]);
      open ||= result.open;
    }
    resolving.delete(metric);
    const labels = { names, open };
    resolved.set(metric, labels);
    return labels;
  };

  return rules.flatMap(({ rule, source }): AlertShape[] => {
    if (rule.alert === undefined) return [];
    const fixed = { ...rule.labels, alertname: rule.alert };
    let dynamic: LabelSet | undefined;
    return [
      {
        alertname: rule.alert,
        fixed,
        source,
        // Read on demand: analysing the PromQL is the costly part, and a
        // route that the labels rules set decide (`severity=...`) never needs it.
        get dynamic(): LabelSet {
          if (dynamic === undefined) {
            const result = outputLabels(rule.expr, selectorLabels);
            dynamic = { names: new Set([...result.names].filter((name) => !(name in fixed))), open: result.open };
          }
          return dynamic;
        },
      },
    ];
  });
}
