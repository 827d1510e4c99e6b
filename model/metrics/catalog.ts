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
