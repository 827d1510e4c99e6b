/**
 * One metric family as an exporter exposes it: the unit of a pack's metrics
 * catalog. PromQL in rules and dashboards must resolve to a declared family
 * (histograms through their `_bucket`, `_sum` and `_count` series), and the
 * metrics-presence gate checks a live `/metrics` endpoint against it.
 */
export interface MetricFamily {
  /** Exposed family name, as on the `# TYPE` line (counters keep `_total`). */
  readonly name: string;
  readonly type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  /** What it measures; for humans reading the catalog and the gate report. */
  readonly help: string;
  /**
   * Labels every sample carries (besides `le`/`quantile`). Target labels
   * added by Prometheus (`job`, `instance`, `service`) are not listed.
   */
  readonly labels: readonly string[];
  /**
   * Labels some of its sources add and others do not (the kubelet's
   * `container`, `pod`, `namespace` on cAdvisor's series): queries may match
   * on them; the metrics gate does not ask every endpoint for them.
   */
  readonly optionalLabels?: readonly string[];
  /** Histogram bucket bounds, in the family's unit, when the system fixes them. */
  readonly buckets?: readonly number[];
  /** Who exposes it: a scrape job name or an exporter (`prometheus`, `node-exporter`, ...). */
  readonly source: string;
}
