/**
 * npm run bench [-- --runs N]
 *
 * Start-up cost of each stack's program, measured, never asserted: for every
 * stack, the wall time of a node process that evaluates the program under
 * Pulumi mocks, beside the floor (a node process that only imports the SDKs
 * that stack loads), as medians of N runs, plus the resource count. The code
 * is compiled first so that neither side pays for TypeScript.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stackNames } from "./underMocks/stacks";

const root = path.resolve(__dirname, "..");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function timed(args: string[], cwd: string): { ms: number; stdout: string } {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} failed:\n${result.stderr}`);
  return { ms, stdout: result.stdout };
}

function main(): void {
  const runsFlag = process.argv.indexOf("--runs");
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a whole number of runs, at least 1");

  const build = fs.mkdtempSync(path.join(os.tmpdir(), "observability-bench-"));
  try {
    execFileSync(
      process.execPath,
      [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json", "--outDir", build, "--sourceMap", "false"],
      { cwd: root, stdio: "inherit" },
    );
    // The compiled tree resolves packages and rule files from the project.
    fs.symlinkSync(path.join(root, "node_modules"), path.join(build, "node_modules"));
    for (const dir of ["rules"]) fs.symlinkSync(path.join(root, dir), path.join(build, dir));
    for (const file of fs.readdirSync(root).filter((name) => /^Pulumi\..*\.yaml$/.test(name))) {
      fs.copyFileSync(path.join(root, file), path.join(build, file));
    }

    console.log(`runs per figure: ${runs} (median); machine: ${os.cpus().length} cores, node ${process.version}`);
    console.log("stack     resources  program ms  floor ms  overhead ms  in-process ms  SDKs loaded");
    for (const stack of stackNames) {
      const program: number[] = [];
      const inProcess: number[] = [];
      let report = { resources: 0, sdks: [] as string[] };
      for (let run = 0; run < runs; run++) {
        const { ms, stdout } = timed([path.join(build, "scripts", "benchProgram.js"), stack], build);
        report = JSON.parse(stdout.trim().split("\n").pop()!) as typeof report & { evaluationMs: number };
        program.push(ms);
        inProcess.push((report as unknown as { evaluationMs: number }).evaluationMs);
      }
      const floorScript = report.sdks.map((sdk) => `require(${JSON.stringify(sdk)});`).join("");
      const floor = Array.from({ length: runs }, () => timed(["-e", floorScript], build).ms);
      const [p, f, e] = [median(program), median(floor), median(inProcess)];
      console.log(
        `${stack.padEnd(9)} ${String(report.resources).padStart(9)}  ${p.toFixed(0).padStart(10)}  ${f.toFixed(0).padStart(8)}  ${(p - f).toFixed(0).padStart(11)}  ${e.toFixed(0).padStart(13)}  ${report.sdks.join(", ")}`,
      );
    }
  } finally {
    fs.rmSync(build, { recursive: true, force: true });
  }
}

main();
