/**
 * Part a, the SLO rules: each rule set loaded into its own Prometheus, fed
 * the synthetic series of the services (a day backfilled, then scraped
 * live), and sampled over several evaluation cycles.
 */
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { stackServiceSloSpecs } from "../../model/slo/serviceSlos";
import { scaleSettings } from "../underMocks/scaleStack";
import { settingsWithEveryPack } from "../underMocks/stacks";
import { type CycleSample, cycleSample, type GroupKind, groupKinds, perCycle } from "./cycleSamples";
import { backfillHours, intervalSeconds, ruleRounds, sampledCycles, scale, warmUpSeconds } from "./parameters";
import { queryNumber } from "./prometheusMetrics";
import { waitReady, withPrometheus } from "./prometheusProcess";
import { declaredShape, isServiceSloFile, type RuleFile, workloadRuleFiles } from "./ruleFiles";
import { slothRuleFiles } from "./slothRules";
import { backfill, sloExposition, startSyntheticServer, type SyntheticService, syntheticServices } from "./synthetic";
import { median, sleep } from "../measure";
import { progress, writeFile } from "./util";

/** The figures of one rule run. */
export interface RuleRunFigures {
  readonly label: string;
  readonly files: number;
  readonly groups: number;
  readonly rules: number;
  readonly kib: number;
  readonly evaluationMs: number;
  readonly evaluationMsMax: number;
  readonly evaluationMsByKind: Readonly<Record<GroupKind, number>>;
  /** Prometheus' CPU time per evaluation interval while sampling: less sensitive than wall time to a busy machine. */
  readonly cpuMsPerCycle: number;
  /** Samples the rules' queries loaded per evaluation interval: the work itself, whatever the machine's load. */
  readonly samplesPerCycle: number;
  readonly loadAverage: number;
  readonly headSeries: number;
  readonly rssBytes: number;
  readonly heapBytes: number;
  readonly failures: number;
  readonly sliSeries5m: number;
  readonly sliSeries3d: number;
  readonly alerts: number;
  readonly readyMs: number;
}

/** The bench's own prometheus.yml: one synthetic target whose job and instance labels are kept. */
function ruleBenchConfig(rulesDir: string, target: string): string {
  return stringify({
    global: { scrape_interval: `${intervalSeconds}s`, evaluation_interval: `${intervalSeconds}s` },
    rule_files: [path.join(rulesDir, "*.yml")],
    scrape_configs: [{ job_name: "synthetic", honor_labels: true, static_configs: [{ targets: [target] }] }],
  });
}

/** What every rule run shares. */
interface RuleRunContext {
  readonly dir: string;
  readonly prometheus: string;
  readonly promtool: string;
  readonly services: readonly SyntheticService[];
}

/**
 * Loads `files` into a fresh Prometheus and samples its evaluation. Each run
 * backfills its own day ending at its start and serves the live series from
 * the same origin, so that every run's windows hold the same data.
 */
async function ruleRun(label: string, files: readonly RuleFile[], context: RuleRunContext): Promise<RuleRunFigures> {
  const dir = path.join(context.dir, label.replace(/[^a-z0-9]+/gi, "-"));
  for (const file of files) writeFile(path.join(dir, "rules", file.name), file.content);
  const origin = Math.floor(Date.now() / 1000) - backfillHours * 3600;
  progress(`${label}: backfilling ${backfillHours} h of ${context.services.length} services (promtool)`);
  backfill(context.promtool, context.services, dir, origin);
  const server = await startSyntheticServer(() => sloExposition(context.services, Date.now() / 1000 - origin));
  try {
    const config = path.join(dir, "prometheus.yml");
    writeFile(config, ruleBenchConfig(path.join(dir, "rules"), server.address));
    progress(`${label}: starting Prometheus with ${files.length} rule files`);
    return await sampledRun(context.prometheus, label, files, dir, config);
  } finally {
    await server.close();
  }
}

/** Starts Prometheus on `config`, waits out the warm-up, samples the cycles and reduces them to the run's figures. */
async function sampledRun(
  binary: string,
  label: string,
  files: readonly RuleFile[],
  dir: string,
  config: string,
): Promise<RuleRunFigures> {
  return withPrometheus(binary, dir, config, [], async (prometheus) => {
    const readyMs = await waitReady(prometheus);
    progress(`${label}: ready in ${(readyMs / 1000).toFixed(1)} s; warming up ${warmUpSeconds} s`);
    await sleep(warmUpSeconds * 1000);
    const samples: CycleSample[] = [];
    for (let cycle = 0; cycle < sampledCycles; cycle++) {
      if (cycle > 0) await sleep(intervalSeconds * 1000);
      samples.push(await cycleSample(prometheus));
    }
    progress(`${label}: sampled ${sampledCycles} cycles`);
    const last = samples[samples.length - 1];
    return {
      label,
      files: files.length,
      ...declaredShapeChecked(files, last),
      evaluationMs: median(samples.map((sample) => sample.evaluationSeconds)) * 1000,
      evaluationMsMax: Math.max(...samples.map((sample) => sample.evaluationSeconds)) * 1000,
      evaluationMsByKind: Object.fromEntries(
        groupKinds.map((kind) => [kind, median(samples.map((sample) => sample.evaluationByKind[kind])) * 1000]),
      ) as Record<GroupKind, number>,
      cpuMsPerCycle: perCycle(samples[0], last, (sample) => sample.cpuSeconds) * 1000,
      samplesPerCycle: perCycle(samples[0], last, (sample) => sample.querySamples),
      loadAverage: os.loadavg()[0] ?? 0,
      headSeries: median(samples.map((sample) => sample.headSeries)),
      rssBytes: median(samples.map((sample) => sample.rssBytes)),
      heapBytes: median(samples.map((sample) => sample.heapBytes)),
      failures: last.failures,
      sliSeries5m: await queryNumber(prometheus, "count(slo:sli_error:ratio_rate5m)"),
      sliSeries3d: await queryNumber(prometheus, "count(slo:sli_error:ratio_rate3d)"),
      alerts: await queryNumber(prometheus, "count(ALERTS)"),
      readyMs,
    };
  });
}

/** The files' declared shape, checked against what Prometheus loaded (a file it skipped would skew every figure). */
function declaredShapeChecked(
  files: readonly RuleFile[],
  loaded: CycleSample,
): { groups: number; rules: number; kib: number } {
  const shape = declaredShape(files);
  if (shape.groups !== loaded.groups || shape.rules !== loaded.rules) {
    throw new Error(
      `Prometheus loaded ${loaded.groups} groups / ${loaded.rules} rules of ${shape.groups} / ${shape.rules}`,
    );
  }
  return shape;
}

/**
 * Each figure's median over `runs` (the same rule set in several rounds);
 * the counts of rules and files are the same in every round.
 */
export function medianRun(runs: readonly RuleRunFigures[]): RuleRunFigures {
  const [first] = runs;
  if (first === undefined) throw new Error("no run to take the median of");
  const of = (figure: (run: RuleRunFigures) => number) => median(runs.map(figure));
  return {
    ...first,
    evaluationMs: of((run) => run.evaluationMs),
    evaluationMsMax: of((run) => run.evaluationMsMax),
    evaluationMsByKind: Object.fromEntries(
      groupKinds.map((kind) => [kind, of((run) => run.evaluationMsByKind[kind])]),
    ) as Record<GroupKind, number>,
    cpuMsPerCycle: of((run) => run.cpuMsPerCycle),
    samplesPerCycle: of((run) => run.samplesPerCycle),
    loadAverage: of((run) => run.loadAverage),
    headSeries: of((run) => run.headSeries),
    rssBytes: of((run) => run.rssBytes),
    heapBytes: of((run) => run.heapBytes),
    failures: Math.max(...runs.map((run) => run.failures)),
    sliSeries5m: of((run) => run.sliSeries5m),
    sliSeries3d: of((run) => run.sliSeries3d),
    alerts: of((run) => run.alerts),
    readyMs: of((run) => run.readyMs),
  };
}

/** What part a reports: the runs and what the tables say about them. */
export interface SloRulesFigures {
  /** (i) ours and (ii) Sloth's, one pair per round, in the order they ran. */
  readonly rounds: readonly (readonly [RuleRunFigures, RuleRunFigures])[];
  /** (iii) ours with every pack's rule files, once. */
  readonly withPacks: RuleRunFigures;
  readonly slos: number;
  readonly specs: number;
  readonly services: number;
  /** The `sloth generate` command, spelled generally. */
  readonly command: string;
  readonly packs: number;
}

/**
 * Part a: our SLO rules against Sloth's for the scale stack's specs, then
 * ours with every pack's rule files beside them; one run after the other.
 */
export async function sloRulesPart(
  binaries: { prometheus: string; promtool: string; sloth: string },
  dir: string,
): Promise<SloRulesFigures> {
  const settings = scaleSettings("dev", scale.services, scale.slos);
  const ours = workloadRuleFiles(settings).filter(isServiceSloFile);
  const specs = stackServiceSloSpecs(settings);
  if (ours.length !== specs.length)
    throw new Error(`expected ${specs.length} service SLO rule files, found ${ours.length}`);
  const slos = specs.reduce((sum, { spec }) => sum + spec.slos.length, 0);
  progress(`sloth generate for ${specs.length} specs (${slos} SLOs)`);
  const sloth = slothRuleFiles(
    binaries.sloth,
    specs.map(({ spec }) => spec),
    path.join(dir, "sloth"),
  );
  // Every pack the dev stack can select, not only those the scale stack ships.
  const packs = workloadRuleFiles(settingsWithEveryPack("dev", "null")).filter((file) => !isServiceSloFile(file));

  const services = syntheticServices(specs.map(({ service }) => service));
  const context: RuleRunContext = { dir, ...binaries, services };
  // One after the other, never side by side: two would measure each other on 2 cores.
  const rounds: [RuleRunFigures, RuleRunFigures][] = [];
  for (let round = 1; round <= ruleRounds; round++) {
    rounds.push([
      await ruleRun(`(i) our SLO rules, round ${round} of ${ruleRounds}`, ours, context),
      await ruleRun(`(ii) Sloth's rules, round ${round} of ${ruleRounds}`, sloth.files, context),
    ]);
  }
  const withPacks = await ruleRun("(iii) ours + every pack", [...ours, ...packs], context);
  return {
    rounds,
    withPacks,
    slos,
    specs: specs.length,
    services: services.length,
    command: sloth.command,
    packs: packs.length,
  };
}
