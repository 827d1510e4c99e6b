/**
 * npm run promote -- [--from staging] [--to prod] [--yes] [--commit <sha>] [--prometheus-url <url>]
 *
 * Promotes what passed one stack to another (default staging → prod) with the
 * Pulumi Automation API, through gates that each name what failed:
 *  1. the source's last update succeeded and ran the commit being promoted
 *     (default: the work tree's HEAD, which must be clean);
 *  2. the source is healthy: its Prometheus (the URL and credentials it
 *     exports, or --prometheus-url, e.g. a `kubectl port-forward` when the
 *     exported Ingress is not reachable from here) has no critical alert
 *     firing and every target up;
 *  3. image pins and packs (and so SLOs) match: where they differ, the
 *     command moves them into the target's stack file itself and says so.
 * Then it shows the target's preview diff, asks (or takes --yes), runs `up`,
 * and records the promotion as stack tags on the target
 * (observability:promoted-commit, -from, -images).
 *
 * The program runs inline (the Automation API calls the project's
 * `runProgram` in this process, as `index.ts` does under `pulumi up`), so the
 * promotion needs the Pulumi CLI and the providers but not the Node.js
 * language host.
 *
 * Exit status: 0 promoted, 1 refused or failed, 2 bad usage.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline/promises";
import { LocalWorkspace, StackNotFoundError, type Stack } from "@pulumi/pulumi/automation";
import { parse } from "yaml";
import { runProgram } from "../program";
import { Refusal, runPromotion, stackSettingsGate } from "./promotion/run";

const projectDir = path.resolve(__dirname, "..");

function usage(message: string): never {
  console.error(
    `${message}\nusage: npm run promote -- [--from staging] [--to prod] [--yes] [--commit <sha>] [--prometheus-url <url>]`,
  );
  process.exit(2);
}

interface Options {
  readonly from: string;
  readonly to: string;
  readonly yes: boolean;
  readonly commit?: string;
  readonly prometheusUrl?: string;
}

function options(argv: readonly string[]): Options {
  const values: Record<string, string | true> = {};
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    if (flag === "--yes") values["yes"] = true;
    else if (["--from", "--to", "--commit", "--prometheus-url"].includes(flag)) {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith("--")) usage(`${flag} needs a value`);
      values[flag.slice(2)] = value;
      index += 1;
    } else usage(`unknown option ${flag}`);
  }
  const from = typeof values["from"] === "string" ? values["from"] : "staging";
  const to = typeof values["to"] === "string" ? values["to"] : "prod";
  if (from === to) usage("--from and --to name the same stack");
  return {
    from,
    to,
    yes: values["yes"] === true,
    ...(typeof values["commit"] === "string" ? { commit: values["commit"] } : {}),
    ...(typeof values["prometheus-url"] === "string" ? { prometheusUrl: values["prometheus-url"] } : {}),
  };
}

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: projectDir, encoding: "utf8" }).trim();
}

/** The commit being promoted: --commit, or HEAD of a clean work tree (what `up` would run). */
function promotedCommit(explicit: string | undefined): string {
  if (explicit !== undefined) return git("rev-parse", "--verify", `${explicit}^{commit}`);
  const dirty = git("status", "--porcelain", "--untracked-files=no");
  if (dirty !== "") {
    throw new Refusal("commit", [
      "the work tree has uncommitted changes; commit them, or name the commit with --commit",
    ]);
  }
  return git("rev-parse", "HEAD");
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

/** An existing stack of the project, its program run inline. */
async function projectStack(stackName: string, flag: string): Promise<Stack> {
  const project = parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as { name: string };
  try {
    return await LocalWorkspace.selectStack(
      { stackName, projectName: project.name, program: runProgram },
      { workDir: projectDir },
    );
  } catch (error) {
    if (!(error instanceof StackNotFoundError)) throw error;
    throw new Error(
      `stack ${stackName} (${flag}) does not exist in the backend you are logged in to; ` +
        "`pulumi stack ls` lists those that do",
      { cause: error },
    );
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const { from, to, yes, commit: explicitCommit, prometheusUrl } = options(argv);
  const commit = promotedCommit(explicitCommit);
  const source = await projectStack(from, "--from");
  const target = await projectStack(to, "--to");
  const promoted = await runPromotion({
    source,
    target,
    commit,
    ...(prometheusUrl !== undefined ? { prometheusUrl } : {}),
    confirm: (question) => (yes ? Promise.resolve(true) : confirm(question)),
    log: (text) => process.stdout.write(text),
    checkTarget: stackSettingsGate,
  });
  if (!promoted) {
    console.error(process.stdin.isTTY ? "not confirmed; nothing was changed" : "no terminal to confirm on; pass --yes");
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A refusal names its gate; the Automation API's errors carry the CLI's own output.
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
