/**
 * npm run bench [-- program|engine|prometheus ...] [--runs N]
 *
 * Measured, never asserted (the machine is shared); every concern by
 * default, or the ones named:
 *
 * - program: the program's cost under Pulumi mocks.
 *   - Shipped stacks: for every stack, the wall time of a node process that
 *     evaluates the program under Pulumi mocks, beside two floors, as
 *     medians of N runs, plus the resource count: a node process that only
 *     imports the SDKs that stack loads, and one that also registers the
 *     resources the program registered, with their inputs ready-made
 *     (scripts/benchRegistrations.ts): what the SDK costs any program that
 *     deploys the same resources.
 *   - Scale: prod and dev with 10, 100 and 1,000 services and 0, 20 and 200
 *     SLOs (scripts/underMocks/scaleStack.ts): wall time, evaluation time and
 *     peak memory of one process each, and the ratio to 10 services without SLOs.
 *   The code is compiled first so that no side pays for TypeScript.
 * - engine: `pulumi preview`, `up`, a no-change `preview` and `destroy` with
 *   the real engine, dev on Docker and prod on a local kubelet cluster, as
 *   shipped and at 1,000 services and 200 SLOs (scripts/bench-engine; root).
 * - prometheus: the SLO rules in a live Prometheus beside Sloth's for the same
 *   SLOs, and the scrape configuration of 1,000 services
 *   (scripts/benchPrometheus/).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { prometheusBench } from "./benchPrometheus";
import { median } from "./measure";
import { engineConfigFor } from "./underMocks/programUnderMocks";
import { stackNames } from "./underMocks/stacks";

const root = path.resolve(__dirname, "..");

interface ProgramReport {
  readonly resources: number;
  readonly evaluationMs: number;
  readonly peakRssMiB: number;
  readonly sdks: string[];
}

function report(stdout: string): ProgramReport {
  return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as ProgramReport;
}

/** The services and SLOs of the scale rows. */
const scales: readonly (readonly [number, number])[] = [
  [10, 0],
  [10, 20],
  [100, 0],
  [100, 20],
  [100, 200],
  [1000, 0],
  [1000, 20],
  [1000, 200],
];

function scaleRows(build: string, runs: number): void {
  console.log("");
  console.log("stack  services  SLOs  resources  wall ms  evaluation ms  peak MiB  wall / 10 services");
  for (const stack of ["prod", "dev"] as const) {
    let baseline = 0;
    for (const [services, slos] of scales) {
      const samples = Array.from({ length: runs }, () =>
        timed([path.join(build, "scripts", "benchProgram.js"), stack, String(services), String(slos)], build),
      );
      const reports = samples.map((sample) => report(sample.stdout));
      const wall = median(samples.map((sample) => sample.ms));
      const evaluation = median(reports.map((r) => r.evaluationMs));
      const peak = median(reports.map((r) => r.peakRssMiB));
      if (baseline === 0) baseline = wall;
      console.log(
        `${stack.padEnd(6)} ${String(services).padStart(8)}  ${String(slos).padStart(4)}  ${String(reports[0]?.resources ?? 0).padStart(9)}  ${wall.toFixed(0).padStart(7)}  ${evaluation.toFixed(0).padStart(13)}  ${peak.toFixed(0).padStart(8)}  ${(wall / baseline).toFixed(2).padStart(18)}`,
      );
    }
  }
}

function timed(args: string[], cwd: string): { ms: number; stdout: string } {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed:\n${result.stderr}`);
  return { ms, stdout: result.stdout };
}

/** The program under mocks: the shipped stacks beside the SDK floor, then the scale rows. */
function programBench(runs: number): void {
  const build = fs.mkdtempSync(path.join(os.tmpdir(), "observability-bench-"));
  try {
    execFileSync(
      process.execPath,
      [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json", "--outDir", build, "--sourceMap", "false"],
      { cwd: root, stdio: "inherit" },
    );
    // The compiled tree resolves packages and rule files from the project.
    fs.symlinkSync(path.join(root, "node_modules"), path.join(build, "node_modules"));
    for (const dir of ["rules", "slos"]) fs.symlinkSync(path.join(root, dir), path.join(build, dir));
    for (const file of fs.readdirSync(root).filter((name) => /^Pulumi\..*\.yaml$/.test(name))) {
      fs.copyFileSync(path.join(root, file), path.join(build, file));
    }

    console.log(`runs per figure: ${runs} (median); machine: ${os.cpus().length} cores, node ${process.version}`);
    console.log(
      "stack     resources  program ms  SDK floor ms  registration ms  ratio to SDK floor  ratio to registration  in-process ms  SDKs loaded",
    );
    for (const stack of stackNames) {
      // Made here, as the engine makes it, not in the measured process.
      const engineConfig = path.join(build, `engine-config.${stack}.json`);
      fs.writeFileSync(engineConfig, JSON.stringify(engineConfigFor(stack)));
      const script = path.join(build, "scripts", "benchProgram.js");
      // A first run, not counted, tells the SDKs the stack loads and writes its registrations.
      const registrations = path.join(build, `registrations.${stack}.json`);
      const first = report(
        timed([script, stack, "--engine-config", engineConfig, "--registrations-out", registrations], build).stdout,
      );
      const floorScript = first.sdks.map((sdk) => `require(${JSON.stringify(sdk)});`).join("");
      const replay = [path.join(build, "scripts", "benchRegistrations.js"), stack, registrations, ...first.sdks];
      const program: number[] = [];
      const inProcess: number[] = [];
      const floor: number[] = [];
      const registration: number[] = [];
      // Program and floors in turn, so that a machine that slows down or
      // speeds up during the runs moves every side of the ratios alike.
      for (let run = 0; run < runs; run++) {
        const { ms, stdout } = timed([script, stack, "--engine-config", engineConfig], build);
        program.push(ms);
        inProcess.push(report(stdout).evaluationMs);
        floor.push(timed(["-e", floorScript], build).ms);
        registration.push(timed(replay, build).ms);
      }
      const [p, f, r, e] = [median(program), median(floor), median(registration), median(inProcess)];
      console.log(
        `${stack.padEnd(9)} ${String(first.resources).padStart(9)}  ${p.toFixed(0).padStart(10)}  ${f.toFixed(0).padStart(12)}  ${r.toFixed(0).padStart(15)}  ${(p / f).toFixed(2).padStart(18)}  ${(p / r).toFixed(2).padStart(21)}  ${e.toFixed(0).padStart(13)}  ${first.sdks.join(", ")}`,
      );
    }
    scaleRows(build, Math.min(runs, 3));
  } finally {
    fs.rmSync(build, { recursive: true, force: true });
  }
}

/** The concerns `npm run bench` measures, in the order it prints them. */
const concerns = ["program", "engine", "prometheus"] as const;
type Concern = (typeof concerns)[number];

async function main(argv: readonly string[]): Promise<void> {
  const runsFlag = argv.indexOf("--runs");
  const runs = runsFlag >= 0 ? Number(argv[runsFlag + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a whole number of runs, at least 1");
  const named = argv.filter((arg, index) => !arg.startsWith("--") && argv[index - 1] !== "--runs");
  const unknown = named.filter((arg) => !concerns.includes(arg as Concern));
  if (unknown.length > 0) throw new Error(`unknown concern(s) ${unknown.join(", ")}; one of ${concerns.join(", ")}`);
  const chosen = named.length === 0 ? concerns : concerns.filter((concern) => named.includes(concern));

  for (const concern of chosen) {
    console.log(`\n== ${concern} ==`);
    if (concern === "program") programBench(runs);
    if (concern === "engine") {
      // A failed engine run (no root, no Docker) still leaves the other concerns' figures.
      const engine = spawnSync("bash", [path.join(root, "scripts", "bench-engine")], { stdio: "inherit" });
      if (engine.status !== 0) {
        console.log(`engine: not measured (scripts/bench-engine exited ${engine.status ?? engine.signal})`);
        process.exitCode = 1;
      }
    }
    if (concern === "prometheus") await prometheusBench();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
