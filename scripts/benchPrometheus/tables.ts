/** The report on stdout: what each part ran, then its figures as a table. */
import { groupKinds } from "./cycleSamples";
import {
  backfillHours,
  backfillStepSeconds,
  intervalSeconds,
  ruleRounds,
  sampledCycles,
  scale,
  warmUpSeconds,
} from "./parameters";
import { medianRun, type RuleRunFigures, type SloRulesFigures } from "./ruleRuns";
import type { ScrapeFigures } from "./scrapeRun";
import { mib } from "./util";

/** The SLI windows of a 30-day SLO (Sloth's) in hours. */
const sliWindowHours: readonly [string, number][] = [
  ["5m", 1 / 12],
  ["30m", 0.5],
  ["1h", 1],
  ["2h", 2],
  ["6h", 6],
  ["1d", 24],
  ["3d", 72],
];

/** Which windows the backfill fills, in words. */
function windowCoverage(): string {
  const full = sliWindowHours.filter(([, hours]) => hours <= backfillHours).map(([name]) => name);
  const partial = sliWindowHours.filter(([, hours]) => hours > backfillHours).map(([name]) => name);
  return (
    `windows ${full.join(", ")} are full` +
    (partial.length > 0 ? `; ${partial.join(", ")} see ${backfillHours} h plus the run` : "") +
    "; the 30d SLI averages the 5m ratios recorded during the run only (recorded series are not backfilled)"
  );
}

/** Part a's table: one row per figure, a column per rule set (medians over the rounds), and ours over Sloth's. */
function ruleTable(part: SloRulesFigures): string[] {
  const { slos, withPacks } = part;
  const ours = medianRun(part.rounds.map(([own]) => own));
  const sloth = medianRun(part.rounds.map(([, theirs]) => theirs));
  const rows: [string, (run: RuleRunFigures) => number, number][] = [
    ["rule files", (run) => run.files, 0],
    ["rule groups", (run) => run.groups, 0],
    ["rules", (run) => run.rules, 0],
    ["rule groups per SLO", (run) => run.groups / slos, 2],
    ["rules per SLO", (run) => run.rules / slos, 2],
    ["rule file size (KiB)", (run) => run.kib, 0],
    ["evaluation per cycle, median (ms)", (run) => run.evaluationMs, 1],
    ["evaluation per cycle, max (ms)", (run) => run.evaluationMsMax, 1],
    ...groupKinds.map((kind): [string, (run: RuleRunFigures) => number, number] => [
      `  of which ${kind} groups (ms)`,
      (run) => run.evaluationMsByKind[kind],
      1,
    ]),
    ["Prometheus CPU per cycle (ms)", (run) => run.cpuMsPerCycle, 0],
    ["samples loaded by queries per cycle", (run) => run.samplesPerCycle, 0],
    ["series in head", (run) => run.headSeries, 0],
    ["resident memory (MiB)", (run) => run.rssBytes / 1024 / 1024, 0],
    ["Go heap in use (MiB)", (run) => run.heapBytes / 1024 / 1024, 0],
    ["slo:sli_error:ratio_rate5m series", (run) => run.sliSeries5m, 0],
    ["slo:sli_error:ratio_rate3d series", (run) => run.sliSeries3d, 0],
    ["ALERTS series (pending or firing)", (run) => run.alerts, 0],
    ["rule evaluation failures", (run) => run.failures, 0],
    ["start to /-/ready (s)", (run) => run.readyMs / 1000, 1],
    ["machine load average (1 min) at end", (run) => run.loadAverage, 2],
  ];
  const header = `${"".padEnd(42)} ${"(i) ours".padStart(10)} ${"(ii) Sloth".padStart(11)} ${"ours/Sloth".padStart(10)} ${"(iii) ours + packs".padStart(19)}`;
  const perRound = (figure: (run: RuleRunFigures) => number) =>
    part.rounds.map(([own, theirs]) => (figure(own) / figure(theirs)).toFixed(2)).join(", ");
  return [
    header,
    ...rows.map(([name, value, digits]) => {
      const ratio = value(sloth) === 0 ? "-" : (value(ours) / value(sloth)).toFixed(2);
      return `${name.padEnd(42)} ${value(ours).toFixed(digits).padStart(10)} ${value(sloth).toFixed(digits).padStart(11)} ${ratio.padStart(10)} ${value(withPacks).toFixed(digits).padStart(19)}`;
    }),
    "",
    `ours/Sloth in each round, in the order run: evaluation median ${perRound((run) => run.evaluationMs)}; ` +
      `Prometheus CPU ${perRound((run) => run.cpuMsPerCycle)}; samples ${perRound((run) => run.samplesPerCycle)}`,
  ];
}

/** Prints part a: what was run, then its table. */
export function printRules(part: SloRulesFigures): void {
  console.log("");
  console.log(
    `a. SLO rules: ${part.specs} service specs, ${part.slos} SLOs (availability + latency per service) of ` +
      `scaleSettings("dev", ${scale.services}, ${scale.slos})`,
  );
  console.log(`   (i) our slo-service-*.rules.yml; (ii) \`${part.command}\` per spec (spec without slo_period)`);
  console.log(
    `   (i) and (ii) run in turn, ${ruleRounds} rounds; their columns are each figure's median over the rounds`,
  );
  console.log(
    `   (iii) (i) plus the ${part.packs} other rule files of settingsWithEveryPack("dev", "null") (every pack, their SLO specs' rules included)`,
  );
  console.log(
    `   synthetic series of ${part.services} services: ${backfillHours} h up to each run's start backfilled every ${backfillStepSeconds} s ` +
      `(promtool tsdb create-blocks-from openmetrics), then scraped live every ${intervalSeconds} s (honor_labels);`,
  );
  console.log(`   ${windowCoverage()}`);
  console.log(
    `   evaluation every ${intervalSeconds} s; ${warmUpSeconds} s warm-up, then ${sampledCycles} cycles sampled ` +
      "(evaluation = sum over groups of prometheus_rule_group_last_duration_seconds; memory and series: medians)",
  );
  console.log(
    "   wall and CPU times move with the machine's load (last row); samples loaded " +
      "(prometheus_engine_query_samples_total) do not",
  );
  console.log("");
  for (const line of ruleTable(part)) console.log(line);
}

/** Prints part b: what was run, then its figures. */
export function printScrape(figures: ScrapeFigures): void {
  const seconds = (ms: number | undefined) => (ms === undefined ? "not within 90 s" : `${(ms / 1000).toFixed(1)} s`);
  console.log("");
  console.log(
    `b. Scrape configuration: the dev stack's prometheus.yml for scaleSettings("dev", ${scale.services}, ${scale.slos})`,
  );
  console.log(
    `   every static_configs target (${figures.staticTargets}: the scrape jobs' and alerting's one Alertmanager) and ${figures.relabels} ` +
      "__address__ relabelling (blackbox exporter) pointed at one synthetic server on 127.0.0.1, so scrapes succeed;",
  );
  console.log(
    `   rule_files rewritten under a temp folder (${figures.ruleFiles} rule files load); ${figures.credentialFiles} *_file references (dev has no TLS or credential files)`,
  );
  console.log("");
  const rows: [string, string][] = [
    ["scrape jobs", String(figures.jobs)],
    ["spawn to /-/ready", seconds(figures.readyMs)],
    ["spawn to every target scraped once (up)", seconds(figures.allUpMs)],
    ["POST /-/reload (wall time)", `${figures.reloadMs} ms`],
    ["prometheus_config_last_reload_successful", String(figures.reloadSuccessful)],
    ["active targets", String(figures.targets)],
    ["targets up", String(figures.up)],
    ["series in head", String(figures.headSeries)],
    [`resident memory, ${figures.settleSeconds} s after reload`, `${mib(figures.rssBytes)} MiB`],
    [`Go heap in use, ${figures.settleSeconds} s after reload`, `${mib(figures.heapBytes)} MiB`],
  ];
  for (const [name, value] of rows) console.log(`${name.padEnd(44)} ${value}`);
}
