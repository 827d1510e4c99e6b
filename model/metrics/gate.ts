import type { ExposedFamily, Exposition } from "./exposition";
import type { MetricFamily } from "./types";

/** The gate's verdict on one declared family. */
export interface FamilyVerdict {
  readonly family: MetricFamily;
  /** Empty when the endpoint exposes the family as declared. */
  readonly problems: readonly string[];
}

/** Exposed series a family's samples must include, by type. */
const requiredSeries: Readonly<Record<MetricFamily["type"], readonly string[]>> = {
  counter: [""],
  gauge: [""],
  untyped: [""],
  histogram: ["_bucket", "_sum", "_count"],
  summary: ["_sum", "_count"],
};

/**
 * The exposed family of a declared one. OpenMetrics names a counter's
 * family without `_total` on its TYPE line while the samples keep it, so
 * both names are tried.
 */
function exposedFamily(exposition: Exposition, family: MetricFamily): ExposedFamily | undefined {
  const byName = exposition.families.get(family.name);
  if (byName !== undefined && (byName.type !== undefined || byName.help !== undefined || family.type !== "counter")) {
    return byName;
  }
  if (family.type === "counter" && family.name.endsWith("_total")) {
    const base = exposition.families.get(family.name.slice(0, -"_total".length));
    if (base !== undefined) return base;
  }
  return byName;
}

function bucketBound(text: string): number {
  return text === "+Inf" ? Infinity : Number(text);
}

/** What is wrong with how an endpoint exposes one declared family; empty when nothing is. */
function familyProblems(exposition: Exposition, family: MetricFamily): string[] {
  const exposed = exposedFamily(exposition, family);
  if (exposed === undefined) return ["not exposed"];
  const problems: string[] = [];
  if (exposed.help === undefined) problems.push("no # HELP line");
  if (exposed.type === undefined) problems.push("no # TYPE line");
  else if (exposed.type !== family.type) problems.push(`# TYPE says ${exposed.type}, the catalog says ${family.type}`);
  if (exposed.samples.length === 0) {
    problems.push("no samples (exercise the service before the gate so every labelled series exists)");
    return problems;
  }
  for (const suffix of requiredSeries[family.type]) {
    const series = `${family.name}${suffix}`;
    if (!exposed.samples.some((sample) => sample.name === series)) problems.push(`no ${series} series`);
  }
  if (family.type === "histogram") {
    const bounds = new Set(
      exposed.samples
        .filter((sample) => sample.name.endsWith("_bucket"))
        .map((sample) => bucketBound(sample.labels["le"] ?? "")),
    );
    if (bounds.size > 0 && !bounds.has(Infinity)) problems.push('no le="+Inf" bucket');
    const missing = (family.buckets ?? []).filter((bound) => !bounds.has(bound));
    if (missing.length > 0) problems.push(`buckets ${missing.join(", ")} are declared but not exposed`);
  }
  const missingLabels = family.labels.filter((label) =>
    exposed.samples.some((sample) => sample.labels[label] === undefined),
  );
  if (missingLabels.length > 0) problems.push(`samples without label ${missingLabels.join(", ")}`);
  return problems;
}

/**
 * Checks an endpoint's exposition against declared families: each must be
 * exposed with HELP and TYPE lines, the declared type, the series its type
 * implies (histograms `_bucket` incl. `+Inf`, `_sum`, `_count`), the
 * declared buckets and, on every sample, the declared labels.
 */
export function checkFamilies(exposition: Exposition, families: readonly MetricFamily[]): FamilyVerdict[] {
  return families.map((family) => ({ family, problems: familyProblems(exposition, family) }));
}

/** The gate's report, one line per family, then the tally. */
export function gateReport(source: string, verdicts: readonly FamilyVerdict[], unreadable: number): string {
  const lines = [`metrics gate: ${source}`];
  for (const { family, problems } of verdicts) {
    const head = `${family.name} (${family.type})`;
    lines.push(problems.length === 0 ? `  ok    ${head}` : `  FAIL  ${head}: ${problems.join("; ")}`);
  }
  const failed = verdicts.filter((verdict) => verdict.problems.length > 0).length;
  if (unreadable > 0) lines.push(`  FAIL  ${unreadable} line(s) of the exposition could not be read`);
  lines.push(
    `${verdicts.length - failed} of ${verdicts.length} families ok${failed > 0 || unreadable > 0 ? "; gate failed" : ""}`,
  );
  return lines.join("\n");
}
