/**
 * The promotion gates that need no network: the source's last update, and
 * what must be the same on both stacks. Each returns the reasons it refuses
 * (empty: the gate passes), worded for the person running `npm run promote`.
 */

import type { EngineConfigEntry } from "../../settings/rawConfig";

/** The fields of a stack's update history entry the gates read (Automation API `UpdateSummary`). */
export interface UpdateRecord {
  readonly kind: string;
  readonly result?: string;
  readonly environment: Readonly<Record<string, string>>;
}

/**
 * The source stack's last update succeeded and ran the commit being
 * promoted (Pulumi records the Git head of the working tree it ran in).
 */
export function lastUpdateProblems(source: string, history: readonly UpdateRecord[], commit: string): string[] {
  const last = history.find((entry) => entry.kind === "update");
  if (last === undefined) return [`stack ${source} has never been updated; run pulumi up on it first`];
  const problems: string[] = [];
  if (last.result !== "succeeded") {
    problems.push(
      `the last update of ${source} ${last.result ?? "did not finish"}; fix it and run pulumi up on ${source}`,
    );
  }
  const head = last.environment["git.head"];
  if (head === undefined) {
    problems.push(`the last update of ${source} records no Git commit (it ran outside a Git work tree)`);
  } else if (head !== commit) {
    problems.push(
      `the last update of ${source} ran commit ${head.slice(0, 12)}, not ${commit.slice(0, 12)} being promoted; ` +
        `update ${source} to this commit first`,
    );
  }
  return problems;
}

/** The stack config keys that must match on both stacks: image pins and the packs (with them, the SLO set). */
export const promotedKeys = ["observability:versions", "observability:packs"] as const;
export type PromotedKey = (typeof promotedKeys)[number];

/** Structured config values arrive as JSON text; scalars as text. */
function parsed(entry: EngineConfigEntry | undefined): unknown {
  if (entry === undefined) return undefined;
  try {
    return JSON.parse(entry.value) as unknown;
  } catch {
    return entry.value;
  }
}

/** Pack names of a `packs` value (entries are names or `{name, ...}`). */
function packNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((entry: unknown) => {
    if (typeof entry === "string") return entry;
    const name = (entry as { name?: unknown } | null)?.name;
    return typeof name === "string" ? name : "";
  });
}

/** One difference the promotion carries from source to target. */
export interface ConfigMove {
  readonly key: PromotedKey;
  /** Human-readable: what changes on the target. */
  readonly summary: string;
  /** The target's new value (undefined: remove the key). */
  readonly value: unknown;
}

/**
 * What the target must take from the source so both run the same images and
 * packs: the source's image pins as they are; the source's pack set, where a
 * pack both stacks run keeps the target's own entry (its receivers and
 * targets are the target's, e.g. prod's pager), packs only the source runs
 * come with the source's entry, and packs the source dropped are dropped.
 */
export function configMoves(
  source: Readonly<Record<string, EngineConfigEntry>>,
  target: Readonly<Record<string, EngineConfigEntry>>,
): ConfigMove[] {
  const moves: ConfigMove[] = [];
  const sourceVersions = parsed(source["observability:versions"]);
  const targetVersions = parsed(target["observability:versions"]);
  if (JSON.stringify(sourceVersions ?? {}) !== JSON.stringify(targetVersions ?? {})) {
    moves.push({
      key: "observability:versions",
      summary: `image pins ${JSON.stringify(targetVersions ?? {})} → ${JSON.stringify(sourceVersions ?? {})}`,
      value: sourceVersions,
    });
  }
  const sourcePacks = (parsed(source["observability:packs"]) ?? []) as unknown[];
  const targetPacks = (parsed(target["observability:packs"]) ?? []) as unknown[];
  const sourceNames = packNames(sourcePacks);
  const targetNames = packNames(targetPacks);
  if ([...sourceNames].sort().join() !== [...targetNames].sort().join()) {
    const merged = sourcePacks.map((entry, index) => {
      const own = targetNames.indexOf(sourceNames[index]);
      return own >= 0 ? targetPacks[own] : entry;
    });
    const added = sourceNames.filter((name) => !targetNames.includes(name));
    const removed = targetNames.filter((name) => !sourceNames.includes(name));
    moves.push({
      key: "observability:packs",
      summary: `packs${added.length > 0 ? ` +${added.join(", +")}` : ""}${removed.length > 0 ? ` -${removed.join(", -")}` : ""}`,
      value: merged,
    });
  }
  return moves;
}
