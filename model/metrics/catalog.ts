import type { MetricFamily } from "./types";

/**
 * Series every Prometheus has without any exporter declaring them: the
 * per-target scrape series and the alert state series.
 */
export const synthesizedSeries: readonly string[] = [
  "up",
  "scrape_duration_seconds",
  "scrape_samples_scraped",
  "scrape_samples_post_metric_relabeling",
  "scrape_series_added",
  "ALERTS",
  "ALERTS_FOR_STATE",
];

/** Series names a family of this type is queried by, besides its own name. */
function seriesSuffixes(type: MetricFamily["type"]): readonly string[] {
  if (type === "histogram") return ["_bucket", "_sum", "_count"];
  if (type === "summary") return ["_sum", "_count"];
  return [];
}

/**
 * The family a queried series name belongs to: the family itself, or a
 * histogram/summary through its `_bucket`, `_sum` or `_count` series.
 */
export function familyOfSeries(series: string, families: readonly MetricFamily[]): MetricFamily | undefined {
  return families.find(
    (family) =>
      family.name === series || seriesSuffixes(family.type).some((suffix) => `${family.name}${suffix}` === series),
  );
}

/**
 * Joins catalogs, each family once. Two catalogs may both list a family (a
 * dashboard reading another exporter's metrics), but must agree on it.
 * @throws when two entries of one name disagree on type or labels.
 */
export function mergeCatalogs(...catalogs: readonly (readonly MetricFamily[])[]): MetricFamily[] {
  const merged = new Map<string, MetricFamily>();
  for (const family of catalogs.flat()) {
    const known = merged.get(family.name);
    if (known === undefined) {
      merged.set(family.name, family);
    } else if (known.type !== family.type || known.labels.join() !== family.labels.join()) {
      throw new Error(
        `metric ${family.name} is declared twice differently: ${known.type} {${known.labels.join(", ")}} and ` +
          `${family.type} {${family.labels.join(", ")}}`,
      );
    }
  }
  return [...merged.values()];
}

/**
 * Labels a query may match on although no exporter exposes them: those
 * Prometheus gives every target (`job`, `instance`) and those the stack's
 * scrape jobs add (`service` on services and pod discovery, `pack` on pack
 * jobs, `namespace` and `pod` on pods found by Kubernetes discovery).
 */
export const targetLabels: readonly string[] = ["job", "instance", "service", "pack", "namespace", "pod"];

/** A selector matching on a label its metric's family does not carry. */
export interface UnknownLabel {
  readonly metric: string;
  readonly label: string;
  /** The labels the family does carry, for the message. */
  readonly known: readonly string[];
}

/**
 * The labels an expression's selectors match on that their metric's family
 * cannot carry: a `status` matcher against a catalog that declares `code`
 * would silently select nothing. Selectors of metrics the catalog does not
 * declare (recorded series, synthesized ones) are not judged here.
 * @param extraLabels labels the series get from where they are scraped (a pack's job labels)
 */
export function unknownLabels(
  selectors: readonly { readonly metric?: string; readonly labels: readonly string[] }[],
  families: readonly MetricFamily[],
  extraLabels: readonly string[] = [],
): UnknownLabel[] {
  return selectors.flatMap((selector) => {
    if (selector.metric === undefined) return [];
    const family = familyOfSeries(selector.metric, families);
    if (family === undefined) return [];
    const known = [
      ...family.labels,
      ...(family.optionalLabels ?? []),
      ...(selector.metric === `${family.name}_bucket` ? ["le"] : []),
      ...(family.type === "summary" && selector.metric === family.name ? ["quantile"] : []),
    ];
    const allowed = new Set([...known, ...targetLabels, ...extraLabels]);
    return selector.labels
      .filter((label) => !allowed.has(label))
      .map((label) => ({ metric: selector.metric ?? "", label, known }));
  });
}
