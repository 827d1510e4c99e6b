import { z } from "zod";
import { closest, SettingsError, type SettingsProblem } from "./errors";
import { profileFor } from "./profiles";
import { locatedInServiceFile, withServiceFiles } from "./serviceFiles";
import { environments, stackSettingsSchema, topLevelKeys, type Environment, type StackSettings } from "./schema";
import { crossFieldProblems } from "./crossChecks";
import { configKeyPath, configNamespace, valueAt } from "./keyPaths";
import { settingsParseOptions } from "./messages";
import { secretReferences } from "./secretRefs";

export { configNamespace };

// Zod compiles each object schema into a generated function on first parse,
// which pays off over many parses; a program run parses its settings once,
// and interpreting them is twice as fast (6 ms against 12 for prod).
z.config({ jitless: true });

/**
 * A stack's raw config as read from the engine or from a stack file: plain
 * values by key (namespace stripped), plus which keys are stored as secrets.
 * Secret values never enter settings; only their presence is checked here.
 */
export interface RawStackConfig {
  /** Stack name, used in messages and as the default name prefix. */
  readonly stack: string;
  /** Non-secret values by key, e.g. `{ environment: "prod", prometheus: {...} }`. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Keys set with `pulumi config set --secret`. */
  readonly secretKeys: ReadonlySet<string>;
}

/** Settings plus the facts about the stack that are not part of the schema. */
export interface ResolvedSettings extends StackSettings {
  /** The Pulumi stack name. */
  readonly stack: string;
  /** Secret config keys that are present (their values are read by the caller). */
  readonly presentSecrets: ReadonlySet<string>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; lists and scalars from the stack replace the profile's. */
export function mergeOverProfile(profile: unknown, stack: unknown): unknown {
  if (!isPlainObject(profile) || !isPlainObject(stack)) return stack === undefined ? profile : stack;
  const merged: Record<string, unknown> = { ...profile };
  for (const [key, value] of Object.entries(stack)) merged[key] = mergeOverProfile(profile[key], value);
  return merged;
}

function keyPath(path: readonly PropertyKey[]): string {
  return configKeyPath(configNamespace, path);
}

function problemsFromZod(error: z.ZodError, input: unknown): SettingsProblem[] {
  return error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(issue.path);
      const hints = issue.keys.map((key) => {
        const suggestion = closest(key, known);
        return suggestion ? `'${key}' (did you mean '${suggestion}'?)` : `'${key}'`;
      });
      return {
        path: keyPath(issue.path),
        message: `unknown key ${hints.join(", ")}; allowed keys: ${known.join(", ")}`,
      };
    }
    // The value at the issue's own path: a union's issue carries its whole object.
    const received = valueAt(input, issue.path);
    const problem: SettingsProblem = { path: keyPath(issue.path), message: issue.message };
    return received === undefined ? problem : { ...problem, received };
  });
}

/** Keys the schema allows at a path, for "did you mean" hints. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: unknown = stackSettingsSchema;
  for (const segment of path) {
    schema = unwrap(schema);
    if (typeof segment === "number") {
      schema = (schema as { element?: unknown }).element;
      continue;
    }
    // In a union (tls), follow the first option that has the key.
    const options = (schema as { options?: readonly { shape?: Record<string, unknown> }[] }).options ?? [schema];
    const owner = options.find((option) => (option as { shape?: Record<string, unknown> }).shape?.[String(segment)]);
    schema = (owner as { shape?: Record<string, unknown> } | undefined)?.shape?.[String(segment)];
  }
  const inner = unwrap(schema) as
    { shape?: Record<string, unknown>; def?: { keyType?: { options?: readonly string[] } } } | undefined;
  if (inner?.shape) return Object.keys(inner.shape);
  // A record keyed by an enum (tls.secrets): its keys are the enum's options.
  return [...(inner?.def?.keyType?.options ?? [])];
}

function unwrap(schema: unknown): unknown {
  let current = schema as { unwrap?: () => unknown; def?: { innerType?: unknown } } | undefined;
  while (current && current.def?.innerType) current = current.def.innerType;
  return current;
}

/** Options of `parseSettings`. */
export interface ParseOptions {
  /**
   * Treat every secret the settings name as set: for rendering and testing
   * stack files whose secrets are set per machine, never for a deployment.
   */
  readonly assumeSecrets?: boolean;
  /**
   * Checks of the settings that need what only later layers know (the
   * packs a stack selects: model/stack/settings.ts), run in the same pass.
   */
  readonly extraChecks?: (settings: StackSettings) => SettingsProblem[];
}

/** What one validation pass found: the settings when there was no problem, and every problem. */
export interface SettingsCheck {
  /** Present only when `problems` is empty. */
  readonly settings?: ResolvedSettings;
  /** Every problem of every kind: schema, unknown keys, cross-field, secrets, packs and their SLO specs. */
  readonly problems: readonly SettingsProblem[];
}

/**
 * Validates a stack's raw config against the schema and the cross-field
 * rules, with the environment's profile merged underneath.
 * @throws SettingsError listing every problem, before anything is created.
 */
export function parseSettings(raw: RawStackConfig, options: ParseOptions = {}): ResolvedSettings {
  const { settings, problems } = checkSettings(raw, options);
  if (settings === undefined || problems.length > 0) throw new SettingsError(raw.stack, problems);
  return settings;
}

/**
 * One validation pass that reports every problem at once. Where the schema
 * rejects a value, the checks that need whole settings (cross-field rules,
 * secrets, packs) still run, on a copy in which each rejected value is
 * replaced by the profile's or left out; their problems about the rejected
 * keys themselves are dropped, as those keys already have one.
 */
export function checkSettings(raw: RawStackConfig, options: ParseOptions = {}): SettingsCheck {
  const { values, origins, problems: fileProblems } = withServiceFiles(raw.values);
  const check = checkValues({ ...raw, values }, options, fileProblems);
  const problems = check.problems.map((problem) => locatedInServiceFile(problem, origins));
  return check.settings === undefined ? { problems } : { settings: check.settings, problems };
}

/** `checkSettings` once the services of `serviceFiles` are in `services`, after the problems found reading them. */
function checkValues(raw: RawStackConfig, options: ParseOptions, earlier: readonly SettingsProblem[]): SettingsCheck {
  const problems: SettingsProblem[] = [...earlier];
  const givenEnvironment = raw.values["environment"];
  let environment = givenEnvironment as Environment;
  if (!environments.includes(environment)) {
    const hint = typeof givenEnvironment === "string" ? closest(givenEnvironment, environments) : undefined;
    problems.push({
      path: `${configNamespace}:environment`,
      message:
        `must be one of ${environments.join(", ")}${hint ? ` (did you mean '${hint}'?)` : ""}; ` +
        `it selects the defaults profile. Set it with: pulumi config set ${configNamespace}:environment dev`,
      received: givenEnvironment,
    });
    // Check the rest against the closest profile (or the strictest) so that
    // one wrong word does not hide every other problem.
    environment = (hint as Environment | undefined) ?? "prod";
  }

  const schemaValues: Record<string, unknown> = {};
  const unknownKeys: string[] = [];
  for (const [key, value] of Object.entries(raw.values)) {
    if (topLevelKeys.includes(key)) schemaValues[key] = value;
    else unknownKeys.push(key);
  }
  schemaValues["environment"] = environment;
  for (const key of raw.secretKeys) {
    if (topLevelKeys.includes(key)) {
      problems.push({
        path: `${configNamespace}:${key}`,
        message:
          "is stored as a secret, which hides the whole setting in diffs; " +
          "store it in plain text and keep only credentials in secret keys",
      });
    }
  }

  const profile = profileFor(environment);
  const merged = mergeOverProfile(profile, schemaValues);
  const parsed = stackSettingsSchema.safeParse(merged, settingsParseOptions);
  let data: StackSettings | undefined;
  let rejectedPaths: string[] = [];
  if (parsed.success) data = parsed.data;
  else {
    problems.push(...problemsFromZod(parsed.error, merged));
    let hiddenProblems: SettingsProblem[];
    ({ data, rejectedPaths, hiddenProblems } = withoutRejectedValues(merged, profile, parsed.error));
    problems.push(...hiddenProblems);
  }

  const referencedSecrets = new Set(data === undefined ? [] : secretReferences(data).map((ref) => ref.key));
  for (const key of unknownKeys) {
    if (referencedSecrets.has(key)) {
      problems.push({
        path: `${configNamespace}:${key}`,
        message: `holds a credential but is stored in plain text; set it with: pulumi config set --secret ${configNamespace}:${key} <value>`,
      });
      continue;
    }
    const suggestion = closest(key, topLevelKeys);
    problems.push({
      path: `${configNamespace}:${key}`,
      message:
        `unknown config key${suggestion ? ` (did you mean '${suggestion}'?)` : ""}; ` +
        `remove it with: pulumi config rm ${configNamespace}:${key}`,
    });
  }
  if (data === undefined) return { problems };

  const presentSecrets = new Set([...raw.secretKeys].filter((key) => !topLevelKeys.includes(key)));
  if (options.assumeSecrets === true) {
    for (const ref of secretReferences(data)) if (ref.whenAbsent === "required") presentSecrets.add(ref.key);
  }
  const isAboutRejected = (problem: SettingsProblem): boolean =>
    rejectedPaths.some(
      (rejected) =>
        problem.path === rejected || problem.path.startsWith(`${rejected}.`) || problem.path.startsWith(`${rejected}[`),
    );
  const later = options.extraChecks?.(data) ?? [];
  problems.push(
    ...[...crossFieldProblems(data, presentSecrets), ...later].filter((problem) => !isAboutRejected(problem)),
  );
  if (problems.length > 0) return { problems };
  return { settings: { ...data, stack: raw.stack, presentSecrets }, problems };
}

type Path = readonly PropertyKey[];

/** Replaces the value at `path` (or removes it, when `replacement` is undefined). */
function replaceAt(root: unknown, path: Path, replacement: unknown): void {
  const parent = valueAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (typeof parent !== "object" || parent === null) return;
  if (Array.isArray(parent) && typeof last === "number") {
    if (replacement === undefined) parent.splice(last, 1);
    else parent[last] = replacement;
  } else if (replacement === undefined) delete (parent as Record<PropertyKey, unknown>)[last];
  else (parent as Record<PropertyKey, unknown>)[last] = replacement;
}

/**
 * Settings with every value the schema rejected replaced by the profile's,
 * or left out where the profile has none, for the checks that need whole
 * settings. A value that still fails is replaced one level up, a few times
 * at most; if nothing parses, those checks are skipped.
 */
function withoutRejectedValues(
  merged: unknown,
  profile: unknown,
  error: z.ZodError,
): { data?: StackSettings; rejectedPaths: string[]; hiddenProblems: SettingsProblem[] } {
  const candidate = structuredClone(merged);
  const repaired: Path[] = [];
  // Issues a later parse finds outside what was replaced: refinements the
  // first parse skipped because a value inside their object was wrong (a
  // CPU request above its limit beside a memory request of the wrong kind).
  const hidden: z.core.$ZodIssue[] = [];
  const done = (data?: StackSettings) => ({
    ...(data === undefined ? {} : { data }),
    rejectedPaths: repaired.map(keyPath),
    hiddenProblems: hidden.length === 0 ? [] : problemsFromZod(new z.ZodError(hidden), candidate),
  });
  const isInsideRepaired = (path: Path): boolean =>
    repaired.some((done) => done.length <= path.length && done.every((segment, index) => segment === path[index]));
  let issues = error.issues;
  for (let round = 0; round < 6; round++) {
    const paths: Path[] = issues.flatMap((issue) => {
      // Unknown keys are simply dropped; everything else is replaced.
      if (issue.code === "unrecognized_keys") return issue.keys.map((key) => [...issue.path, key]);
      let path: Path = issue.path;
      // Already replaced and still wrong: replace the enclosing value instead.
      while (path.length > 0 && isInsideRepaired(path)) path = path.slice(0, -1);
      return [path];
    });
    // Deepest and last list entries first, so removals do not shift the others.
    const ordered = [...new Map(paths.map((path) => [keyPath(path), path])).values()].sort(comparePathsDescending);
    for (const path of ordered) {
      if (path.length === 0) return done();
      const fallback = valueAt(profile, path);
      replaceAt(candidate, path, fallback === undefined ? undefined : structuredClone(fallback));
      repaired.push(path);
    }
    const retry = stackSettingsSchema.safeParse(candidate);
    if (retry.success) return done(retry.data);
    issues = retry.error.issues;
    // Not about a replaced value nor about what holds one (a list emptied by
    // a removal is the repair's doing, not the user's).
    const aboutRepair = (path: Path) =>
      isInsideRepaired(path) ||
      repaired.some((fixed) => path.length < fixed.length && path.every((segment, index) => segment === fixed[index]));
    hidden.push(...issues.filter((issue) => issue.code !== "unrecognized_keys" && !aboutRepair(issue.path)));
  }
  return done();
}

function comparePathsDescending(a: Path, b: Path): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    if (a[index] === b[index]) continue;
    if (typeof a[index] === "number" && typeof b[index] === "number")
      return (b[index] as number) - (a[index] as number);
    return String(b[index]).localeCompare(String(a[index]));
  }
  return b.length - a.length;
}
