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
 * Exit status: 0 promoted, 1 refused or failed, 2 bad usage.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline/promises";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { parseDocument } from "yaml";
import { defaultImages } from "../settings/versions";
import { configMoves, lastUpdateProblems, type ConfigMove } from "./promotion/gates";
import { healthProblems } from "./promotion/health";

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

/** A refusal: which gate, and why. */
class Refusal extends Error {
  constructor(
    readonly gate: string,
    readonly reasons: readonly string[],
  ) {
    super(`promotion refused by the ${gate} gate:\n${reasons.map((reason) => `  - ${reason}`).join("\n")}`);
  }
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

async function healthGate(source: Stack, prometheusUrl: string | undefined): Promise<void> {
  const outputs = await source.outputs();
  const url = prometheusUrl ?? (outputs["prometheusUrl"]?.value as string | undefined);
  if (url === undefined || url === "") {
    throw new Refusal("health", [`stack ${source.name} exports no prometheusUrl to ask`]);
  }
  const username = outputs["basicAuthUser"]?.value as string | undefined;
  const password = outputs["basicAuthPassword"]?.value as string | undefined;
  const caPem = outputs["caCertificate"]?.value as string | undefined;
  let problems: string[];
  try {
    problems = await healthProblems({
      url,
      ...(username ? { username } : {}),
      ...(password ? { password } : {}),
      ...(caPem ? { caPem } : {}),
    });
  } catch (error) {
    throw new Refusal("health", [`cannot ask ${url}: ${(error as Error).message}`]);
  }
  if (problems.length > 0) throw new Refusal("health", problems);
}

/** Writes the moved keys into the target's stack file, keeping its comments and layout. */
function applyMoves(target: string, moves: readonly ConfigMove[]): void {
  const file = path.join(projectDir, `Pulumi.${target}.yaml`);
  const document = parseDocument(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "config: {}\n");
  for (const move of moves) {
    if (move.value === undefined) document.deleteIn(["config", move.key]);
    else document.setIn(["config", move.key], document.createNode(move.value));
  }
  fs.writeFileSync(file, document.toString({ lineWidth: 0 }));
}

/**
 * The image table as a tag value: `prometheus=v3.5.0,grafana=12.0.2,…`, or
 * its SHA-256 when that would pass the 256 characters backends allow a tag.
 */
function imagesTag(images: Readonly<Record<string, string>>): string {
  const compact = Object.entries(images)
    .map(([name, image]) => `${name}=${image.split("@")[0].split(":").pop() ?? image}`)
    .join(",");
  if (compact.length <= 256) return compact;
  return `sha256:${createHash("sha256").update(JSON.stringify(images)).digest("hex")}`;
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

async function main(argv: readonly string[]): Promise<number> {
  const { from, to, yes, commit: explicitCommit, prometheusUrl } = options(argv);
  const commit = promotedCommit(explicitCommit);
  const source = await LocalWorkspace.selectStack({ stackName: from, workDir: projectDir });
  const target = await LocalWorkspace.selectStack({ stackName: to, workDir: projectDir });

  const updateProblems = lastUpdateProblems(from, await source.history(1), commit);
  if (updateProblems.length > 0) throw new Refusal("last-update", updateProblems);
  console.log(`✓ ${from}'s last update succeeded on ${commit.slice(0, 12)}`);

  await healthGate(source, prometheusUrl);
  console.log(`✓ ${from} is healthy: no critical alert firing, every target up`);

  const moves = configMoves(await source.getAllConfig(), await target.getAllConfig());
  if (moves.length > 0) {
    applyMoves(to, moves);
    for (const move of moves) console.log(`→ moved to Pulumi.${to}.yaml: ${move.summary}`);
  } else {
    console.log(`✓ ${to} pins the same images and runs the same packs as ${from}`);
  }

  console.log(`\npreview of ${to}:`);
  await target.preview({ diff: true, onOutput: (text) => process.stdout.write(text) });
  if (!yes && !(await confirm(`promote ${commit.slice(0, 12)} from ${from} to ${to}?`))) {
    console.error(process.stdin.isTTY ? "not confirmed; nothing was changed" : "no terminal to confirm on; pass --yes");
    return 1;
  }
  await target.up({ diff: true, onOutput: (text) => process.stdout.write(text) });
  // The images the target now runs: the defaults of this commit under the stack's own pins.
  const pins = (await target.getAllConfig())["observability:versions"]?.value;
  const versions = imagesTag({ ...defaultImages, ...(pins ? (JSON.parse(pins) as Record<string, string>) : {}) });
  await target.setTag("observability:promoted-commit", commit);
  await target.setTag("observability:promoted-from", from);
  await target.setTag("observability:promoted-images", versions);
  console.log(`\npromoted ${commit.slice(0, 12)} from ${from} to ${to}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Refusal ? error.message : error);
    process.exit(1);
  },
);
