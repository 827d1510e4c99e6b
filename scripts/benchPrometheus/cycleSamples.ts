/** One evaluation cycle of a rule run, sampled from Prometheus' own metrics, and the growth between two samples. */
import { intervalSeconds } from "./parameters";
import { metricSum, ownMetrics } from "./prometheusMetrics";
import type { PrometheusProcess } from "./prometheusProcess";

/** One evaluation cycle's figures from Prometheus' own metrics. */
export interface CycleSample {
  readonly at: number;
  readonly evaluationSeconds: number;
  /** The evaluation by kind of group (Sloth's group names, which ours keep; the packs' groups are "other"). */
  readonly evaluationByKind: Readonly<Record<GroupKind, number>>;
  readonly cpuSeconds: number;
  readonly querySamples: number;
  readonly groups: number;
  readonly rules: number;
  readonly headSeries: number;
  readonly rssBytes: number;
  readonly heapBytes: number;
  readonly failures: number;
}

/** The kinds of rule group the evaluation is split by, in table order. */
export const groupKinds = ["SLI recordings", "metadata recordings", "alerts", "other"] as const;
/** One of `groupKinds`. */
export type GroupKind = (typeof groupKinds)[number];

/** `rule_group="<file>;sloth-slo-sli-recordings-<id>"` → "SLI recordings". */
function groupKind(labels: string): GroupKind {
  const group = /rule_group="[^"]*;([^"]*)"/.exec(labels)?.[1] ?? "";
  if (group.startsWith("sloth-slo-sli-recordings-")) return "SLI recordings";
  if (group.startsWith("sloth-slo-meta-recordings-")) return "metadata recordings";
  if (group.startsWith("sloth-slo-alerts-")) return "alerts";
  return "other";
}

/** Reads one evaluation cycle's figures from Prometheus' own /metrics. */
export async function cycleSample(prometheus: PrometheusProcess): Promise<CycleSample> {
  const metrics = await ownMetrics(prometheus);
  const byKind: Record<GroupKind, number> = { "SLI recordings": 0, "metadata recordings": 0, alerts: 0, other: 0 };
  for (const sample of metrics.get("prometheus_rule_group_last_duration_seconds") ?? []) {
    byKind[groupKind(sample.labels)] += sample.value;
  }
  return {
    at: Date.now(),
    // Each group's last evaluation: their sum is one full cycle of every group.
    evaluationSeconds: metricSum(metrics, "prometheus_rule_group_last_duration_seconds"),
    evaluationByKind: byKind,
    cpuSeconds: metricSum(metrics, "process_cpu_seconds_total"),
    querySamples: metricSum(metrics, "prometheus_engine_query_samples_total"),
    groups: (metrics.get("prometheus_rule_group_rules") ?? []).length,
    rules: metricSum(metrics, "prometheus_rule_group_rules"),
    headSeries: metricSum(metrics, "prometheus_tsdb_head_series"),
    rssBytes: metricSum(metrics, "process_resident_memory_bytes"),
    heapBytes: metricSum(metrics, "go_memstats_heap_inuse_bytes"),
    failures: metricSum(metrics, "prometheus_rule_evaluation_failures_total"),
  };
}

/** How much a counter grew per evaluation interval between two samples. */
export function perCycle(first: CycleSample, last: CycleSample, counter: (sample: CycleSample) => number): number {
  const seconds = (last.at - first.at) / 1000;
  return seconds <= 0 ? 0 : ((counter(last) - counter(first)) / seconds) * intervalSeconds;
}
