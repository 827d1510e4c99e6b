/**
 * One measured run of the Pulumi program under mocks, for `npm run bench`:
 * prints JSON with the resource count, the evaluation time inside the
 * process, its peak memory, the provider SDKs the program loaded and every
 * package it loaded.
 *
 *   node benchProgram.js <stack> [--engine-config <file>] [--registrations-out <file>]
 *                                                   a committed stack, through program.ts
 *   node benchProgram.js <stack> <services> <slos>  that stack at scale (scaleStack.ts)
 *
 * The engine config file (JSON of `engineConfigFor(stack)`, written by
 * bench.ts) stands for the config the engine hands a program ready-made;
 * without it the process makes it itself (parsing the settings once more).
 * `--registrations-out` also writes the run's registrations (JSON of
 * `registrationsOf`) for scripts/benchRegistrations.ts to replay.
 */
import * as fs from "node:fs";
import { runProgramUnderMocks, stackUnderMocks, type EngineConfig } from "./underMocks/programUnderMocks";
import { registrationsOf } from "./underMocks/registrations";
import { scaleSettings } from "./underMocks/scaleStack";
import { stackNames, type StackName } from "./underMocks/stacks";

/** The value after a `--flag`, if the flag is given. */
function flagValue(args: readonly string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined) throw new Error(`${flag} takes a file`);
  return value;
}

async function resourceCount(stack: StackName, args: readonly string[]): Promise<number> {
  if (args.length === 0 || args[0]?.startsWith("--")) {
    const engineConfigFile = flagValue(args, "--engine-config");
    const engineConfig =
      engineConfigFile === undefined
        ? undefined
        : (JSON.parse(fs.readFileSync(engineConfigFile, "utf8")) as EngineConfig);
    const run = await runProgramUnderMocks(stack, engineConfig);
    const registrationsFile = flagValue(args, "--registrations-out");
    if (registrationsFile !== undefined)
      fs.writeFileSync(registrationsFile, JSON.stringify(registrationsOf(run.resources)));
    return run.resources.length;
  }
  const [services, slos] = args.map(Number);
  const { recorder } = await stackUnderMocks(scaleSettings(stack, services ?? NaN, slos ?? NaN));
  return recorder.resources.length;
}

async function main(): Promise<void> {
  const [stackArg, ...args] = process.argv.slice(2);
  const stack = stackArg as StackName;
  if (!stackNames.includes(stack)) throw new Error(`unknown stack ${stackArg}; one of ${stackNames.join(", ")}`);
  const started = process.hrtime.bigint();
  const resources = await resourceCount(stack, args);
  const evaluationMs = Number(process.hrtime.bigint() - started) / 1e6;
  // Peak resident memory of the whole process (kilobytes on Linux).
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  // The outermost package of each loaded file (the process's own, not a dependency's copy).
  const packages = [
    ...new Set(
      Object.keys(require.cache)
        .map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1])
        .filter((name): name is string => name !== undefined),
    ),
  ].sort();
  const sdks = packages.filter((name) => /^@pulumi(?:verse)?\//.test(name));
  console.log(JSON.stringify({ stack, resources, evaluationMs, peakRssMiB, sdks, packages }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
