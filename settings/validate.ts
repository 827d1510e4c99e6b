import type { z } from "zod";
import { closest, SettingsError, type SettingsProblem } from "./errors";
import { profileFor } from "./profiles";
import { environments, stackSettingsSchema, topLevelKeys, type Environment, type StackSettings } from "./schema";
import { crossFieldProblems } from "./crossChecks";
import { secretReferences } from "./secretRefs";

/** The config namespace of this project (`name` in Pulumi.yaml). */
export const configNamespace = "observability";

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
  let text = configNamespace + ":";
  path.forEach((segment, index) => {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += (index === 0 ? "" : ".") + String(segment);
  });
  return text;
}

function problemsFromZod(error: z.ZodError): SettingsProblem[] {
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
    const problem: SettingsProblem = { path: keyPath(issue.path), message: issue.message };
    return "input" in issue ? { ...problem, received: issue.input } : problem;
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
}

/**
 * Validates a stack's raw config against the schema and the cross-field
 * rules, with the environment's profile merged underneath.
 * @throws SettingsError listing every problem, before anything is created.
 */
export function parseSettings(raw: RawStackConfig, options: ParseOptions = {}): ResolvedSettings {
  const environment = raw.values["environment"];
  if (!environments.includes(environment as Environment)) {
    throw new SettingsError(raw.stack, [
      {
        path: `${configNamespace}:environment`,
        message:
          `must be one of ${environments.join(", ")}; it selects the defaults profile. ` +
          `Set it with: pulumi config set ${configNamespace}:environment dev`,
        received: environment,
      },
    ]);
  }

  const problems: SettingsProblem[] = [];
  const schemaValues: Record<string, unknown> = {};
  const unknownKeys: string[] = [];
  for (const [key, value] of Object.entries(raw.values)) {
    if (topLevelKeys.includes(key)) schemaValues[key] = value;
    else unknownKeys.push(key);
  }
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

  const merged = mergeOverProfile(profileFor(environment as Environment), schemaValues);
  const parsed = stackSettingsSchema.safeParse(merged, { reportInput: true });
  const referencedSecrets = parsed.success ? new Set(secretReferences(parsed.data).map((ref) => ref.key)) : new Set();
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
  if (!parsed.success) {
    problems.push(...problemsFromZod(parsed.error));
    throw new SettingsError(raw.stack, problems);
  }
  const presentSecrets = new Set([...raw.secretKeys].filter((key) => !topLevelKeys.includes(key)));
  if (options.assumeSecrets === true) {
    for (const ref of secretReferences(parsed.data)) if (ref.whenAbsent === "required") presentSecrets.add(ref.key);
  }
  problems.push(...crossFieldProblems(parsed.data, presentSecrets));
  if (problems.length > 0) throw new SettingsError(raw.stack, problems);
  return { ...parsed.data, stack: raw.stack, presentSecrets };
}
