import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { parseDocument } from "yaml";
import { SettingsError } from "../../settings/errors";
import { rawConfigFromEngine, type EngineConfigEntry } from "../../settings/rawConfig";
import { checkStack } from "../../model/stack/settings";
import { defaultImages } from "../../settings/versions";
import { configMoves, lastUpdateProblems, type ConfigMove } from "./gates";
import { healthProblems } from "./health";

/** A refusal: which gate, and why. */
export class Refusal extends Error {
  constructor(
    readonly gate: string,
    readonly reasons: readonly string[],
  ) {
    super(`promotion refused by the ${gate} gate:\n${reasons.map((reason) => `  - ${reason}`).join("\n")}`);
  }
}

/** What one promotion needs. */
export interface PromotionArgs {
  /** The stack whose state is promoted (its last update, health, config). */
  readonly source: Stack;
  /** The stack that receives it. */
  readonly target: Stack;
  /** The commit being promoted; the source's last update must have run it. */
  readonly commit: string;
  /** Ask this Prometheus instead of the `prometheusUrl` the source exports. */
  readonly prometheusUrl?: string;
  /** Asked before `up`; `true` goes ahead. */
  readonly confirm: (question: string) => Promise<boolean>;
  /** Where progress goes (the CLI: stdout). */
  readonly log: (text: string) => void;
  /**
   * Checks the target's config as it will be after the moves, before the
   * stack file is touched, and throws to stop (npm run promote passes
   * {@link stackSettingsGate}; a program with settings of its own passes its own).
   */
  readonly checkTarget?: (targetName: string, config: Readonly<Record<string, EngineConfigEntry>>) => void;
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

/** The target's stack settings file, in its workspace's folder. */
export function stackFile(stack: Stack): string {
  return path.join(stack.workspace.workDir, `Pulumi.${stack.name}.yaml`);
}

/** Writes the moved keys into the target's stack file, keeping its comments and layout. */
function applyMoves(target: Stack, moves: readonly ConfigMove[]): void {
  const file = stackFile(target);
  const document = parseDocument(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "config: {}\n");
  for (const move of moves) {
    if (move.value === undefined) document.deleteIn(["config", move.key]);
    else document.setIn(["config", move.key], document.createNode(move.value));
  }
  fs.writeFileSync(file, document.toString({ lineWidth: 0 }));
}

/**
 * The observability stack's own check of a target's config: the same
 * readable list that `npm run render` and `pulumi up` print, before
 * anything is touched.
 * @throws SettingsError listing every problem.
 */
export function stackSettingsGate(targetName: string, config: Readonly<Record<string, EngineConfigEntry>>): void {
  const { problems } = checkStack(rawConfigFromEngine(targetName, config));
  if (problems.length > 0) throw new SettingsError(targetName, problems);
}

/** A config with the moves applied, as the engine would hold it. */
function configAfter(
  config: Readonly<Record<string, EngineConfigEntry>>,
  moves: readonly ConfigMove[],
): Record<string, EngineConfigEntry> {
  const after: Record<string, EngineConfigEntry> = { ...config };
  for (const move of moves) {
    if (move.value === undefined) delete after[move.key];
    else after[move.key] = { value: JSON.stringify(move.value), secret: false };
  }
  return after;
}

/**
 * The image table as a tag value: `prometheus=v3.5.0,grafana=12.0.2,…`, or
 * its SHA-256 when that would pass the 256 characters backends allow a tag.
 */
export function imagesTag(images: Readonly<Record<string, string>>): string {
  const compact = Object.entries(images)
    .map(([name, image]) => `${name}=${image.split("@")[0].split(":").pop() ?? image}`)
    .join(",");
  if (compact.length <= 256) return compact;
  return `sha256:${createHash("sha256").update(JSON.stringify(images)).digest("hex")}`;
}

/**
 * Promotes `source` to `target` through the gates (last update, health,
 * same content), moving image pins and packs into the target's stack file
 * when they differ, then previews the target, asks, runs `up` and tags the
 * target with what was promoted.
 * @returns false when the person did not confirm (nothing changed on the target)
 * @throws Refusal naming the gate that refused, or what `checkTarget`
 * throws for the target's config with the moves (SettingsError)
 */
export async function runPromotion(args: PromotionArgs): Promise<boolean> {
  const { source, target, commit, log } = args;
  const updateProblems = lastUpdateProblems(source.name, await source.history(1), commit);
  if (updateProblems.length > 0) throw new Refusal("last-update", updateProblems);
  log(`✓ ${source.name}'s last update succeeded on ${commit.slice(0, 12)}\n`);

  await healthGate(source, args.prometheusUrl);
  log(`✓ ${source.name} is healthy: no critical alert firing, every target up\n`);

  const targetConfig = await target.getAllConfig();
  const moves = configMoves(await source.getAllConfig(), targetConfig);
  args.checkTarget?.(target.name, configAfter(targetConfig, moves));
  if (moves.length > 0) {
    applyMoves(target, moves);
    for (const move of moves) log(`→ moved to Pulumi.${target.name}.yaml: ${move.summary}\n`);
  } else {
    log(`✓ ${target.name} pins the same images and runs the same packs as ${source.name}\n`);
  }

  log(`\npreview of ${target.name}:\n`);
  await target.preview({ diff: true, onOutput: log });
  if (!(await args.confirm(`promote ${commit.slice(0, 12)} from ${source.name} to ${target.name}?`))) return false;
  await target.up({ diff: true, onOutput: log });
  // The images the target now runs: the defaults of this commit under the stack's own pins.
  const pins = (await target.getAllConfig())["observability:versions"]?.value;
  const images = imagesTag({ ...defaultImages, ...(pins ? (JSON.parse(pins) as Record<string, string>) : {}) });
  await target.setTag("observability:promoted-commit", commit);
  await target.setTag("observability:promoted-from", source.name);
  await target.setTag("observability:promoted-images", images);
  log(`\npromoted ${commit.slice(0, 12)} from ${source.name} to ${target.name}\n`);
  return true;
}
