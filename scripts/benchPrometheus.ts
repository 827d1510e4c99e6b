/**
 * npx tsx scripts/benchPrometheus.ts
 *
 * Issue 15 (performance at scale), the Prometheus side: what the rules and the
 * scrape configuration of a platform team's stack (scripts/underMocks/scaleStack.ts:
 * 1,000 services, 200 SLOs over the first 100) cost a live Prometheus 3.5.
 * Figures only, never assertions: the machine is shared and small.
 *
 * - SLO rules, ours against Sloth's for the same SLOs: each rule set loaded
 *   into its own Prometheus, fed synthetic series of the 100 services (a day
 *   backfilled with promtool, then scraped live), sampled over several
 *   evaluation cycles; then ours with every pack's rule files beside them.
 * - The dev stack's prometheus.yml for 1,000 services: startup, first scrape
 *   of every target, reload and memory, with every target pointed at a
 *   synthetic server so that scrapes succeed.
 *
 * One Prometheus at a time (2 cores: two would measure each other). Every
 * server listens on 127.0.0.1 only and is stopped by pid, also on error.
 * Needs the Prometheus binary of scripts/images (built when missing) and
 * Sloth (scripts/build-upstream-tools sloth). Progress goes to stderr.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { prometheusPaths, prometheusWorkload } from "../model/prometheus";
import { fillSecrets } from "../model/secrets";
import { stackServiceSloSpecs } from "../model/slo/serviceSlos";
import type { SloSpec } from "../model/slo/spec";
import type { ResolvedSettings } from "../settings/validate";
import { defaultImages } from "../settings/versions";
import { scaleSettings } from "./underMocks/scaleStack";
import { settingsWithEveryPack, testSecretValues } from "./underMocks/stacks";

const root = path.resolve(__dirname, "..");

/** Scrape and evaluation interval of the rule runs: short, so that enough cycles fit the time budget. */
const intervalSeconds = 10;
/** Evaluation before sampling starts, so that start-up work (first long-window reads, compaction) is over. */
const warmUpSeconds = 60;
/** Evaluation cycles sampled per rule run. */
const sampledCycles = 8;
/** Hours of series written into the data folder before start, so that the long windows have data. */
const backfillHours = 24;
/** Spacing of the backfilled samples (coarser than the live scrape, to keep backfill and runs within the budget). */
const backfillStepSeconds = 60;
/** How long the scrape configuration's Prometheus runs after its reload before its memory is read. */
const settleSeconds = 30;
/** The scale stack of the issue. */
const scale = { services: 1000, slos: 200 } as const;

// ---------------------------------------------------------------------------
// Small helpers.

const started = Date.now();

function progress(message: string): void {
  console.error(`bench-prometheus [${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Polls `check` until it returns a value, for at most `timeoutMs`.
 * @throws naming `what` on timeout, or what `check` throws.
 */
async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}

/** A port free at the time of asking (Prometheus cannot report the port it picked for :0). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** GET or POST with a bounded wait: a hung server must not hang the bench. */
async function request(url: string, method = "GET"): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { method, signal: AbortSignal.timeout(30_000) });
  return { status: response.status, body: await response.text() };
}

/** `request`, or undefined while the server does not answer yet (while polling). */
async function requestWhenUp(url: string): Promise<{ status: number; body: string } | undefined> {
  return request(url).catch(() => undefined);
}

/** Writes `content` at `file`, creating its folder. */
function writeFile(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

// ---------------------------------------------------------------------------
// The binaries.

/** The project's cache folder, found the way scripts/images finds it. */
function cacheRoot(): string {
  const xdg = process.env["XDG_CACHE_HOME"] ?? path.join(os.homedir(), ".cache");
  return process.env["OBSERVABILITY_CACHE"] ?? path.join(xdg, "observability-stack");
}

/** The Prometheus the stacks pin, as scripts/images caches it; built by that script when missing. */
function prometheusBinary(): string {
  const tag = defaultImages.prometheus.split(":").pop() ?? "";
  const binary = path.join(cacheRoot(), "images", `prometheus-${tag}`, "prometheus");
  if (fs.existsSync(binary)) return binary;
  progress(`${binary} is missing: running bash scripts/images prometheus`);
  const result = spawnSync("bash", ["scripts/images", "prometheus"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  progress(`scripts/images said: ${result.stdout.trim().split("\n").pop() ?? "(nothing)"} (exit ${result.status})`);
  if (!fs.existsSync(binary)) {
    throw new Error(
      `no Prometheus binary at ${binary}. Start a Docker engine and run \`bash scripts/images prometheus\` ` +
        "(if the image already exists, `docker rmi` it first: the script builds only missing images)",
    );
  }
  return binary;
}

/** Sloth, from scripts/build-upstream-tools (built once, then cached). */
function slothBinary(): string {
  progress("bash scripts/build-upstream-tools sloth (builds Sloth on first use, about a minute)");
  const output = execFileSync("bash", ["scripts/build-upstream-tools", "sloth"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = output.trim().split("\n").pop() ?? "";
  if (!line.startsWith("SLOTH=")) throw new Error(`scripts/build-upstream-tools sloth printed no SLOTH= line: ${line}`);
  return line.slice("SLOTH=".length);
}

/** The first line a binary prints on stdout (Sloth logs unrelated lines on stderr). */
function firstLine(binary: string, args: string[]): string {
  const result = spawnSync(binary, args, { encoding: "utf8" });
  return result.stdout.trim().split("\n")[0] ?? "";
}

// ---------------------------------------------------------------------------
// Synthetic series: what the services' SLO queries read.

/** One synthetic service: its request rate, share of 5xx and share of requests per latency bucket. */
interface SyntheticService {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly serverErrorRatio: number;
  readonly clientErrorRatio: number;
  /** Cumulative share of requests at or below each bound of `bucketBounds`. */
  readonly withinBounds: readonly number[];
}

/** Bucket bounds as Prometheus 3 writes `le` (model/slo/serviceSlos.ts reads `le="0.5"`). */
const bucketBounds = ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"] as const;

/**
 * Varied but deterministic services: rates from 2 to 20 requests a second;
 * most with a few 5xx, one in four with none (its error query then returns
 * no series, which is where our rules and Sloth's differ), one in ten
 * burning its budget, one in ten slow.
 */
function syntheticServices(names: readonly string[]): SyntheticService[] {
  return names.map((name, index) => ({
    name,
    requestsPerSecond: 2 + (index % 10) * 2,
    serverErrorRatio: index % 4 === 3 ? 0 : index % 10 === 0 ? 0.03 : 0.002,
    clientErrorRatio: 0.01,
    withinBounds: index % 10 === 5 ? [0.3, 0.5, 0.7, 0.9, 0.97, 0.995, 1] : [0.6, 0.8, 0.95, 0.996, 0.999, 0.9999, 1],
  }));
}

/** Counters as a function of time since `origin`, so that backfill and live scrapes continue each other. */
function serviceSamples(service: SyntheticService, seconds: number): { series: string; value: number }[] {
  const total = Math.floor(service.requestsPerSecond * seconds);
  const serverErrors = Math.floor(total * service.serverErrorRatio);
  const clientErrors = Math.floor(total * service.clientErrorRatio);
  // job and instance are in the exposition (the bench's job honours them), so
  // backfilled and scraped series are the same series.
  const own = `job="${service.name}",instance="synthetic",service="${service.name}"`;
  const samples = [
    { series: `http_requests_total{${own},status="200"}`, value: total - serverErrors - clientErrors },
    { series: `http_requests_total{${own},status="404"}`, value: clientErrors },
  ];
  if (service.serverErrorRatio > 0) {
    samples.push({ series: `http_requests_total{${own},status="500"}`, value: serverErrors });
  }
  bucketBounds.forEach((bound, index) => {
    samples.push({
      series: `http_request_duration_seconds_bucket{${own},le="${bound}"}`,
      value: Math.floor(total * (service.withinBounds[index] ?? 1)),
    });
  });
  samples.push({ series: `http_request_duration_seconds_count{${own}}`, value: total });
  samples.push({ series: `http_request_duration_seconds_sum{${own}}`, value: total * 0.12 });
  return samples;
}

/** The live exposition (text format 0.0.4) of every synthetic service at `seconds` after the origin. */
function sloExposition(services: readonly SyntheticService[], seconds: number): string {
  const lines = services.flatMap((service) => serviceSamples(service, seconds).map((s) => `${s.series} ${s.value}`));
  // The text format wants each metric family's lines together, under its TYPE.
  const family = (prefix: string) => lines.filter((line) => line.startsWith(prefix));
  return [
    "# TYPE http_requests_total counter",
    ...family("http_requests_total{"),
    "# TYPE http_request_duration_seconds histogram",
    ...family("http_request_duration_seconds_"),
    "",
  ].join("\n");
}

/**
 * Writes the same series as OpenMetrics with timestamps, from `origin` to
 * `end`, for `promtool tsdb create-blocks-from openmetrics`: untyped, so that
 * each series' samples can run in time order without OpenMetrics' histogram
 * grouping. Streamed, service by service: the whole text is a few hundred MB.
 */
function writeBackfill(file: string, services: readonly SyntheticService[], origin: number, end: number): void {
  const out = fs.openSync(file, "w");
  try {
    for (const service of services) {
      const columns: string[][] = serviceSamples(service, 0).map(() => []);
      for (let at = origin; at <= end; at += backfillStepSeconds) {
        serviceSamples(service, at - origin).forEach((sample, index) => {
          columns[index].push(`${sample.series} ${sample.value} ${at}\n`);
        });
      }
      for (const column of columns) fs.writeSync(out, column.join(""));
    }
    fs.writeSync(out, "# EOF\n");
  } finally {
    fs.closeSync(out);
  }
}

/** A synthetic target on 127.0.0.1, stopped by `close`. */
interface SyntheticServer {
  readonly address: string;
  close(): Promise<void>;
}

/** Serves `body(path)` to every request (and 200 to Prometheus' alert posts). */
async function startSyntheticServer(body: (url: string) => string): Promise<SyntheticServer> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(req.method === "GET" ? body(req.url ?? "/") : "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------
// Prometheus processes.

/** Prometheus processes not yet stopped, so that an interrupted bench can stop them too. */
const running = new Set<ChildProcess>();

/** A running Prometheus. */
interface PrometheusProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly log: string;
  readonly spawnedAt: number;
}

async function startPrometheus(
  binary: string,
  dir: string,
  config: string,
  extraArgs: readonly string[] = [],
): Promise<PrometheusProcess> {
  const port = await freePort();
  const log = path.join(dir, "prometheus.log");
  const out = fs.openSync(log, "a");
  const spawnedAt = Date.now();
  const child = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...extraArgs,
    ],
    { stdio: ["ignore", out, out] },
  );
  running.add(child);
  child.once("exit", () => running.delete(child));
  // A spawn failure is an event, not an exception: into the log, which waitReady shows.
  child.once("error", (error) => fs.appendFileSync(log, `spawn failed: ${String(error)}\n`));
  fs.closeSync(out);
  return { url: `http://127.0.0.1:${port}`, child, log, spawnedAt };
}

/** Milliseconds from spawn to `/-/ready` answering 200. */
async function waitReady(prometheus: PrometheusProcess): Promise<number> {
  const { child } = prometheus;
  await waitFor("Prometheus /-/ready", 120_000, async () => {
    if (child.exitCode !== null || child.pid === undefined) throw new Error("Prometheus exited");
    return (await requestWhenUp(`${prometheus.url}/-/ready`))?.status === 200 ? true : undefined;
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}; the end of its log:\n${tail(prometheus.log)}`);
  });
  return Date.now() - prometheus.spawnedAt;
}

function tail(log: string): string {
  const lines = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
  return lines.slice(-15).join("\n");
}

/** SIGTERM by pid, SIGKILL when it has not exited within 15 s. */
async function stopPrometheus(prometheus: PrometheusProcess): Promise<void> {
  const { child } = prometheus;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(child.pid, "SIGTERM");
  const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 15_000));
  if ((await Promise.race([exited, timer])) === "timeout") {
    process.kill(child.pid, "SIGKILL");
    await exited;
  }
}

/** Runs `body` with a Prometheus, stopping it whatever happens. */
async function withPrometheus<T>(
  binary: string,
  dir: string,
  config: string,
  extraArgs: readonly string[],
  body: (prometheus: PrometheusProcess) => Promise<T>,
): Promise<T> {
  const prometheus = await startPrometheus(binary, dir, config, extraArgs);
  try {
    return await body(prometheus);
  } finally {
    await stopPrometheus(prometheus);
  }
}

/** One sample of Prometheus' own /metrics: `name` → [{labels, value}]. */
type MetricSamples = Map<string, { labels: string; value: number }[]>;

/** Parses the text exposition of /metrics (enough of it for the gauges read here). */
async function ownMetrics(prometheus: PrometheusProcess): Promise<MetricSamples> {
  const { body } = await request(`${prometheus.url}/metrics`);
  const samples: MetricSamples = new Map();
  for (const line of body.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)/.exec(line);
    if (match === null) continue;
    const list = samples.get(match[1]) ?? [];
    list.push({ labels: match[2] ?? "", value: Number(match[3]) });
    samples.set(match[1], list);
  }
  return samples;
}

function metricSum(samples: MetricSamples, name: string): number {
  return (samples.get(name) ?? []).reduce((sum, sample) => sum + sample.value, 0);
}

/** The value of an instant query that returns one number (0 when it returns nothing). */
async function queryNumber(prometheus: PrometheusProcess, query: string): Promise<number> {
  const { body } = await request(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const result = (JSON.parse(body) as { data?: { result?: { value: [number, string] }[] } }).data?.result ?? [];
  return result.length === 0 ? 0 : Number(result[0].value[1]);
}

// ---------------------------------------------------------------------------
// Part a: the SLO rules.

/** A rule file to load: its file name and content. */
interface RuleFile {
  readonly name: string;
  readonly content: string;
}

/** The rule files of a stack's workload (secrets filled as the promtool test fills them). */
function workloadRuleFiles(settings: ResolvedSettings): RuleFile[] {
  const secrets = testSecretValues(settings);
  return prometheusWorkload(settings)
    .files.filter((file) => file.path.startsWith(`${prometheusPaths.rulesDir}/`))
    .map((file) => ({ name: path.basename(file.path), content: fillSecrets(file, secrets) }));
}

/** Rule files generated from the services' SLOs (model/prometheus/ruleFiles.ts names them `slo-service-…`). */
function isServiceSloFile(file: RuleFile): boolean {
  return file.name.startsWith("slo-service-");
}

/** Sloth's `prometheus/v1` has no `slo_period`: it takes the period from the command line. */
function asSlothSpec(spec: SloSpec): { spec: Record<string, unknown>; period: string } {
  const periods = new Set([spec.slo_period, ...spec.slos.map((slo) => slo.slo_period)].filter((p) => p !== undefined));
  if (periods.size > 1) throw new Error(`spec ${spec.service} mixes SLO periods (${[...periods].join(", ")})`);
  return {
    spec: { ...withoutPeriod(spec), slos: spec.slos.map((slo) => withoutPeriod(slo)) },
    period: [...periods][0] ?? "30d",
  };
}

function withoutPeriod<T extends { slo_period?: string }>(value: T): Omit<T, "slo_period"> {
  const copy: Partial<T> = { ...value };
  delete copy.slo_period;
  return copy as Omit<T, "slo_period">;
}

/** Sloth's rules for the same specs, one `sloth generate` per spec. Returns the files and the command, spelled generally. */
function slothRuleFiles(sloth: string, specs: readonly SloSpec[], dir: string): { files: RuleFile[]; command: string } {
  const files: RuleFile[] = [];
  const periods = new Set<string>();
  fs.mkdirSync(path.join(dir, "rules"), { recursive: true });
  specs.forEach((spec, index) => {
    const { spec: slothSpec, period } = asSlothSpec(spec);
    const input = path.join(dir, "specs", `${index}-${spec.service}.yml`);
    const output = path.join(dir, "rules", `sloth-${index}-${spec.service}.rules.yml`);
    writeFile(input, stringify(slothSpec));
    const args = ["generate", "-i", input, "-o", output, `--default-slo-period=${period}`];
    periods.add(period);
    execFileSync(sloth, args, { stdio: ["ignore", "ignore", "pipe"] });
    files.push({ name: path.basename(output), content: fs.readFileSync(output, "utf8") });
  });
  const command = `sloth generate -i <spec>.yml -o <rules>.yml --default-slo-period=${[...periods].join("|")}`;
  return { files, command };
}

/** Groups and rules as the files declare them (Prometheus' counts are read too, as a check). */
function declaredShape(files: readonly RuleFile[]): { groups: number; rules: number; kib: number } {
  let groups = 0;
  let rules = 0;
  let bytes = 0;
  for (const file of files) {
    const document = parse(file.content) as { groups?: { rules?: unknown[] }[] } | null;
    groups += document?.groups?.length ?? 0;
    rules += (document?.groups ?? []).reduce((sum, group) => sum + (group.rules?.length ?? 0), 0);
    bytes += Buffer.byteLength(file.content);
  }
  return { groups, rules, kib: bytes / 1024 };
}

/** The figures of one rule run. */
interface RuleRunFigures {
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

/** One evaluation cycle's figures from Prometheus' own metrics. */
interface CycleSample {
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

const groupKinds = ["SLI recordings", "metadata recordings", "alerts", "other"] as const;
type GroupKind = (typeof groupKinds)[number];

/** `rule_group="<file>;sloth-slo-sli-recordings-<id>"` → "SLI recordings". */
function groupKind(labels: string): GroupKind {
  const group = /rule_group="[^"]*;([^"]*)"/.exec(labels)?.[1] ?? "";
  if (group.startsWith("sloth-slo-sli-recordings-")) return "SLI recordings";
  if (group.startsWith("sloth-slo-meta-recordings-")) return "metadata recordings";
  if (group.startsWith("sloth-slo-alerts-")) return "alerts";
  return "other";
}

async function cycleSample(prometheus: PrometheusProcess): Promise<CycleSample> {
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

/** The bench's own prometheus.yml: one synthetic target whose job and instance labels are kept. */
function ruleBenchConfig(rulesDir: string, target: string): string {
  return stringify({
    global: { scrape_interval: `${intervalSeconds}s`, evaluation_interval: `${intervalSeconds}s` },
    rule_files: [path.join(rulesDir, "*.yml")],
    scrape_configs: [{ job_name: "synthetic", honor_labels: true, static_configs: [{ targets: [target] }] }],
  });
}

/** Loads `files` into a fresh Prometheus over the backfilled blocks and samples its evaluation. */
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

/** How much a counter grew per evaluation interval between two samples. */
function perCycle(first: CycleSample, last: CycleSample, counter: (sample: CycleSample) => number): number {
  const seconds = (last.at - first.at) / 1000;
  return seconds <= 0 ? 0 : ((counter(last) - counter(first)) / seconds) * intervalSeconds;
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

/** Writes the backfill once; each run copies the blocks into its own data folder. */
/** Writes blocks of the services' series from `origin` to now into `<dir>/data`, Prometheus' data folder. */
function backfill(promtool: string, services: readonly SyntheticService[], dir: string, origin: number): void {
  const text = path.join(dir, "backfill.om.txt");
  const data = path.join(dir, "data");
  writeBackfill(text, services, origin, Math.floor(Date.now() / 1000));
  fs.mkdirSync(data, { recursive: true });
  execFileSync(promtool, ["tsdb", "create-blocks-from", "openmetrics", text, data], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  fs.rmSync(text);
}

function ruleTable(runs: readonly RuleRunFigures[], slos: number): string[] {
  const [ours, sloth, withPacks] = runs;
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
  return [
    header,
    ...rows.map(([name, value, digits]) => {
      const ratio = value(sloth) === 0 ? "-" : (value(ours) / value(sloth)).toFixed(2);
      return `${name.padEnd(42)} ${value(ours).toFixed(digits).padStart(10)} ${value(sloth).toFixed(digits).padStart(11)} ${ratio.padStart(10)} ${value(withPacks).toFixed(digits).padStart(19)}`;
    }),
  ];
}

async function sloRulesPart(binaries: { prometheus: string; promtool: string; sloth: string }, dir: string) {
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
  const runs = [
    await ruleRun("(i) our SLO rules", ours, context),
    await ruleRun("(ii) Sloth's rules", sloth.files, context),
    await ruleRun("(iii) ours + every pack", [...ours, ...packs], context),
  ];
  return { runs, slos, specs: specs.length, services: services.length, command: sloth.command, packs: packs.length };
}

// ---------------------------------------------------------------------------
// Part b: the scrape configuration of 1,000 services.

/** Points file references (`rule_files`, `*_file`) below `under`; lists the `*_file` ones. */
function rewriteFileReferences(node: unknown, under: string, found: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteFileReferences(item, under, found));
  if (typeof node !== "object" || node === null) return node;
  const rewritten: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "rule_files" && Array.isArray(value)) {
      rewritten[key] = value.map((pattern) => path.join(under, String(pattern)));
    } else if (key.endsWith("_file") && typeof value === "string") {
      found.push(value);
      rewritten[key] = path.join(under, value);
    } else {
      rewritten[key] = rewriteFileReferences(value, under, found);
    }
  }
  return rewritten;
}

/**
 * Points every `static_configs` target at the synthetic server, and a
 * relabelling that sets `__address__` to a fixed host (the blackbox job's
 * exporter) too: the Docker-only names would not resolve here.
 */
function rewriteTargets(node: unknown, target: string, count: { targets: number; relabels: number }): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteTargets(item, target, count));
  if (typeof node !== "object" || node === null) return node;
  const object = node as Record<string, unknown>;
  if (Array.isArray(object["targets"])) {
    count.targets += object["targets"].length;
    return { ...object, targets: object["targets"].map(() => target) };
  }
  if (object["target_label"] === "__address__" && typeof object["replacement"] === "string") {
    count.relabels++;
    return { ...object, replacement: target };
  }
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, rewriteTargets(value, target, count)]));
}

/** A small service exposition for every scrape, and blackbox's probe result for /probe. */
function scrapeTargetBody(url: string, since: number): string {
  if (url.startsWith("/probe")) return "probe_success 1\nprobe_duration_seconds 0.012\nprobe_http_status_code 200\n";
  const total = Math.floor((Date.now() / 1000 - since) * 5);
  return [
    "# TYPE http_requests_total counter",
    `http_requests_total{status="200"} ${total}`,
    `http_requests_total{status="500"} ${Math.floor(total / 500)}`,
    "# TYPE http_request_duration_seconds histogram",
    ...bucketBounds.map(
      (bound, index) =>
        `http_request_duration_seconds_bucket{le="${bound}"} ${Math.floor((total * (index + 94)) / 100)}`,
    ),
    `http_request_duration_seconds_count ${total}`,
    `http_request_duration_seconds_sum ${total * 0.1}`,
    "",
  ].join("\n");
}

/** The scrape configuration's figures. */
interface ScrapeFigures {
  readonly jobs: number;
  readonly staticTargets: number;
  readonly relabels: number;
  readonly credentialFiles: number;
  readonly ruleFiles: number;
  readonly readyMs: number;
  readonly allUpMs: number | undefined;
  readonly reloadMs: number;
  readonly reloadSuccessful: number;
  readonly targets: number;
  readonly up: number;
  readonly headSeries: number;
  readonly rssBytes: number;
  readonly heapBytes: number;
  readonly settleSeconds: number;
}

async function targetHealth(prometheus: PrometheusProcess): Promise<{ targets: number; up: number }> {
  const { body } = await request(`${prometheus.url}/api/v1/targets?state=active`);
  const active = (JSON.parse(body) as { data: { activeTargets: { health: string }[] } }).data.activeTargets;
  return { targets: active.length, up: active.filter((target) => target.health === "up").length };
}

/** Writes the dev stack's files under `dir` with paths and targets rewritten; returns the config and its counts. */
function devScaleConfig(dir: string, target: string) {
  const settings = scaleSettings("dev", scale.services, scale.slos);
  const secrets = testSecretValues(settings);
  const files = prometheusWorkload(settings).files.map((file) => ({
    path: file.path,
    content: fillSecrets(file, secrets),
  }));
  for (const file of files) writeFile(path.join(dir, file.path), file.content);
  const original = parse(files.find((file) => file.path === prometheusPaths.config)?.content ?? "") as Record<
    string,
    unknown
  >;
  const credentialFiles: string[] = [];
  const count = { targets: 0, relabels: 0 };
  const config = rewriteTargets(rewriteFileReferences(original, dir, credentialFiles), target, count);
  const missing = credentialFiles.filter((file) => !fs.existsSync(path.join(dir, file)));
  if (missing.length > 0)
    throw new Error(`prometheus.yml names files the workload does not ship: ${missing.join(", ")}`);
  const configPath = path.join(dir, "prometheus.yml");
  writeFile(configPath, stringify(config));
  return {
    configPath,
    jobs: ((original["scrape_configs"] ?? []) as unknown[]).length,
    ruleFiles: files.filter((file) => file.path.startsWith(`${prometheusPaths.rulesDir}/`)).length,
    credentialFiles: credentialFiles.length,
    staticTargets: count.targets,
    relabels: count.relabels,
  };
}

async function scrapePart(binary: string, dir: string): Promise<ScrapeFigures> {
  const since = Date.now() / 1000;
  const server = await startSyntheticServer((url) => scrapeTargetBody(url, since));
  try {
    const written = devScaleConfig(path.join(dir, "scrape"), server.address);
    progress(`scrape config: ${written.jobs} jobs, ${written.staticTargets} static targets; starting Prometheus`);
    return await withPrometheus(
      binary,
      path.join(dir, "scrape"),
      written.configPath,
      ["--web.enable-lifecycle"],
      async (prometheus) => {
        const readyMs = await waitReady(prometheus);
        progress(`scrape config: ready in ${(readyMs / 1000).toFixed(1)} s; waiting for every target to be up`);
        const allUpMs = await waitFor("every target up", 90_000, async () => {
          const health = await targetHealth(prometheus);
          return health.targets > 0 && health.up === health.targets ? Date.now() - prometheus.spawnedAt : undefined;
        }).catch(() => undefined);
        const reloadStarted = Date.now();
        const reload = await request(`${prometheus.url}/-/reload`, "POST");
        const reloadMs = Date.now() - reloadStarted;
        if (reload.status !== 200) throw new Error(`POST /-/reload answered ${reload.status}: ${reload.body}`);
        progress(`scrape config: reloaded in ${reloadMs} ms; ${settleSeconds} s more before reading memory`);
        await sleep(settleSeconds * 1000);
        const metrics = await ownMetrics(prometheus);
        return {
          ...written,
          readyMs,
          allUpMs,
          reloadMs,
          reloadSuccessful: metricSum(metrics, "prometheus_config_last_reload_successful"),
          ...(await targetHealth(prometheus)),
          headSeries: metricSum(metrics, "prometheus_tsdb_head_series"),
          rssBytes: metricSum(metrics, "process_resident_memory_bytes"),
          heapBytes: metricSum(metrics, "go_memstats_heap_inuse_bytes"),
          settleSeconds,
        };
      },
    );
  } finally {
    await server.close();
  }
}

// ---------------------------------------------------------------------------
// The report.

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

function printRules(part: Awaited<ReturnType<typeof sloRulesPart>>): void {
  console.log("");
  console.log(
    `a. SLO rules: ${part.specs} service specs, ${part.slos} SLOs (availability + latency per service) of ` +
      `scaleSettings("dev", ${scale.services}, ${scale.slos})`,
  );
  console.log(`   (i) our slo-service-*.rules.yml; (ii) \`${part.command}\` per spec (spec without slo_period)`);
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
  for (const line of ruleTable(part.runs, part.slos)) console.log(line);
}

function printScrape(figures: ScrapeFigures): void {
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

/**
 * Runs the Prometheus benchmark of issue 15 and prints its tables: our SLO
 * rules against Sloth's for the same SLOs (and with every pack beside them),
 * then the dev stack's scrape configuration of 1,000 services. Starts one
 * Prometheus at a time on 127.0.0.1 and stops each by pid; removes its temp
 * folder. About 8 minutes on 2 cores.
 */
export async function prometheusBench(): Promise<void> {
  const prometheus = prometheusBinary();
  const promtool = path.join(path.dirname(prometheus), "promtool");
  const sloth = slothBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "observability-bench-prometheus-"));
  // Ctrl-C skips the finally blocks: stop what runs and clean up here instead.
  const interrupted = (signal: NodeJS.Signals): void => {
    for (const child of running) if (child.pid !== undefined) process.kill(child.pid, "SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
    progress(`interrupted (${signal}); Prometheus stopped, ${dir} removed`);
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    console.log(
      `machine: ${os.cpus().length} cores, ${mib(os.totalmem())} MiB; ${new Date().toISOString()}; ` +
        `${firstLine(prometheus, ["--version"])}; sloth v0.16.0 (built without a version stamp: it says "${firstLine(sloth, ["version"])}")`,
    );
    const rules = await sloRulesPart({ prometheus, promtool, sloth }, dir);
    const scrape = await scrapePart(prometheus, dir);
    printRules(rules);
    printScrape(scrape);
    progress("done");
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  prometheusBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
