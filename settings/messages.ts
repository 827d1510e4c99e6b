import { stringify } from "yaml";
import { z } from "zod";
import { closest } from "./errors";

/**
 * What a user reads when a value has no message of its own in the schema:
 * what the key expects, written from the schema itself, with an example.
 * Passed to every settings parse as its error map, so zod's own wording
 * ("Invalid input: expected object, received undefined") never reaches a
 * stack file's author. Messages written in the schema take precedence.
 */

/** The parts of zod's internal definition this module reads. */
interface SchemaDef {
  readonly type: string;
  readonly format?: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly innerType?: ZodLike;
  readonly defaultValue?: unknown;
  readonly element?: ZodLike;
  readonly shape?: Readonly<Record<string, ZodLike>>;
  readonly keyType?: ZodLike;
  readonly valueType?: ZodLike;
  readonly entries?: Readonly<Record<string, string>>;
  readonly values?: readonly unknown[];
  readonly options?: readonly ZodLike[];
  readonly discriminator?: string;
  readonly in?: ZodLike;
  readonly error?: unknown;
}

interface CheckDef {
  readonly check: string;
  readonly value?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly format?: string;
  readonly error?: (issue?: unknown) => unknown;
}

/** A zod schema as this module sees it. */
export interface ZodLike {
  readonly _zod: { readonly def: SchemaDef };
}

function defOf(schema: ZodLike): SchemaDef {
  return schema._zod.def;
}

/** The schema under optional/default/transform wrappers, where the value's shape is. */
export function innerSchema(schema: ZodLike): ZodLike {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (
      (def.type === "optional" || def.type === "default" || def.type === "prefault" || def.type === "nullable") &&
      def.innerType
    ) {
      current = def.innerType;
    } else if (def.type === "pipe" && def.in) current = def.in;
    else return current;
  }
}

/** The values an enum or literal schema allows. */
export function allowedValues(schema: ZodLike): string[] {
  const def = defOf(innerSchema(schema));
  if (def.type === "enum" && def.entries) return Object.values(def.entries).map(String);
  if (def.type === "literal" && def.values) return def.values.map(String);
  return [];
}

/** True when the key may be left out (optional, or defaulted by the schema). */
export function isOptional(schema: ZodLike): boolean {
  const type = defOf(schema).type;
  return type === "optional" || type === "default" || type === "prefault";
}

function checksOf(schema: ZodLike): CheckDef[] {
  return (defOf(schema).checks ?? []).map((check) => check._zod.def);
}

/**
 * The message the schema's author wrote on the check that describes the
 * format (a pattern), else on any other check: a format's "such as" text.
 */
function authoredHint(schema: ZodLike): string | undefined {
  const messages = checksOf(schema).flatMap((check) => {
    const message = typeof check.error === "function" ? check.error() : undefined;
    return typeof message === "string" ? [{ message, isFormat: check.check === "string_format" }] : [];
  });
  return (messages.find((each) => each.isFormat) ?? messages[0])?.message;
}

/** Bounds of a number or a length, from the checks of the schema under its wrappers. */
export function boundsOf(schema: ZodLike): { min?: number; max?: number } {
  const bounds: { min?: number; max?: number } = {};
  for (const check of checksOf(innerSchema(schema))) {
    if (check.check === "greater_than" || check.check === "min_length") bounds.min ??= check.value ?? check.minimum;
    if (check.check === "less_than" || check.check === "max_length") bounds.max ??= check.value ?? check.maximum;
  }
  return bounds;
}

/**
 * An example value for a schema: its own `examples` metadata, else its
 * default, else one built from its shape (an object's required keys, a
 * list of one element, an enum's first value).
 */
export function exampleOf(schema: ZodLike): unknown {
  const meta = z.globalRegistry.get(schema as unknown as z.ZodType) as { examples?: unknown[] } | undefined;
  if (meta?.examples?.[0] !== undefined) return meta.examples[0];
  const def = defOf(schema);
  switch (def.type) {
    case "default":
      return def.defaultValue;
    case "optional":
    case "nullable":
      return def.innerType ? exampleOf(def.innerType) : undefined;
    case "pipe":
      return def.in ? exampleOf(def.in) : undefined;
    case "boolean":
      return true;
    case "number":
      return boundsOf(schema).min ?? 1;
    case "enum":
    case "literal":
      return allowedValues(schema)[0];
    case "array":
      return def.element ? [exampleOf(def.element)] : [];
    case "record": {
      const key = def.keyType ? exampleOf(def.keyType) : undefined;
      return { [typeof key === "string" ? key : "name"]: def.valueType ? exampleOf(def.valueType) : "value" };
    }
    case "object": {
      const example: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        if (!isOptional(field)) example[key] = exampleOf(field);
      }
      return example;
    }
    case "union":
      return def.options?.[0] ? exampleOf(def.options[0]) : undefined;
    default:
      return undefined;
  }
}

/** An example as a user would write it in the stack file, on one line. */
export function formatExample(value: unknown): string {
  return stringify(value, { collectionStyle: "flow", lineWidth: 0 }).trim();
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** What a schema accepts, in words, without the example. */
export function expectation(schema: ZodLike): string {
  const inner = innerSchema(schema);
  const def = defOf(inner);
  switch (def.type) {
    case "string": {
      const hint = authoredHint(inner);
      if (hint === undefined) return "a text value";
      // The format's own message is the best description: "must be a DNS label…" → "a DNS label…".
      return hint.startsWith("must be ") ? hint.slice("must be ".length) : `a text value that ${hint}`;
    }
    case "number": {
      const noun =
        def.format === "safeint" || checksOf(inner).some((check) => check.format === "safeint")
          ? "whole number"
          : "number";
      const { min, max } = boundsOf(inner);
      const range =
        min !== undefined && max !== undefined
          ? ` from ${min} to ${max}`
          : min !== undefined
            ? ` of at least ${min}`
            : max !== undefined
              ? ` of at most ${max}`
              : "";
      return `${article(noun)}${range}, written without quotes`;
    }
    case "boolean":
      return "true or false, written without quotes";
    case "enum":
    case "literal":
      return `one of ${allowedValues(inner).join(", ")}`;
    case "array":
      return def.element ? `a list of ${plural(def.element)}` : "a list";
    case "record":
      return def.valueType ? `a map of names to ${plural(def.valueType)}` : "a map";
    case "object": {
      const keys = Object.entries(def.shape ?? {}).map(([key, field]) => (isOptional(field) ? `${key}?` : key));
      return `an object with the keys ${keys.join(", ")} (? marks optional keys)`;
    }
    case "union": {
      // A union's author-written message says it best ("a pack name or {name, …}").
      const authored = typeof def.error === "function" ? (def.error as () => unknown)() : undefined;
      if (typeof authored === "string") return authored.replace(/^must be /, "");
      return `one of ${(def.options ?? []).map((option) => expectation(option)).join("; or ")}`;
    }
    default:
      return "a value of another kind";
  }
}

function plural(schema: ZodLike): string {
  const type = defOf(innerSchema(schema)).type;
  if (type === "string") {
    const hint = authoredHint(innerSchema(schema));
    if (hint === undefined) return "text values";
    return hint.startsWith("must be ")
      ? `values that are each ${hint.slice("must be ".length)}`
      : `text values that each ${hint}`;
  }
  if (type === "object") return "objects";
  if (type === "array") {
    const element = defOf(innerSchema(schema)).element;
    return element === undefined ? "lists" : `lists of ${plural(element)}`;
  }
  if (type === "union") return `values that are each ${expectation(schema)}`;
  if (type === "number") return "numbers";
  if (type === "boolean") return "true/false values";
  if (type === "enum" || type === "literal") return `values from ${allowedValues(schema).join(", ")}`;
  return "values";
}

/** "what it expects, e.g. <example>" for a schema. */
export function expectationWithExample(schema: ZodLike): string {
  const expected = expectation(schema);
  // A format's message that already shows a value needs no second example.
  if (/\b(such as|e\.g\.)/.test(expected)) return expected;
  const example = exampleOf(schema);
  return example === undefined ? expected : `${expected}, e.g. ${formatExample(example)}`;
}

/** The raw issue zod hands an error map (the fields this module reads). */
interface RawIssue {
  readonly code: string;
  readonly input?: unknown;
  readonly inst?: unknown;
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly values?: readonly unknown[];
  readonly options?: readonly unknown[];
  readonly discriminator?: string;
  readonly note?: string;
  readonly keys?: readonly string[];
  readonly issues?: readonly { readonly message?: string }[];
}

function isSchema(value: unknown): value is ZodLike {
  return typeof value === "object" && value !== null && "_zod" in value && "def" in (value as ZodLike)._zod;
}

function sizeMessage(issue: RawIssue, kind: "at least" | "at most"): string {
  const limit = Number(kind === "at least" ? issue.minimum : issue.maximum);
  switch (issue.origin) {
    case "string":
      return limit === 1 && kind === "at least" ? "must not be empty" : `must be ${kind} ${limit} characters long`;
    case "array":
    case "set":
      return `needs ${kind} ${limit} ${limit === 1 ? "entry" : "entries"}`;
    default:
      return `must be ${kind} ${limit}`;
  }
}

/** "must be one of …", with the closest allowed value when the one given is a near miss. */
function oneOf(allowed: readonly string[], given: unknown): string {
  const hint = typeof given === "string" ? closest(given, allowed) : undefined;
  return `must be one of ${allowed.join(", ")}${hint === undefined ? "" : ` (did you mean '${hint}'?)`}`;
}

/**
 * The settings parse's error map: a message for each issue zod would
 * otherwise word itself. Returns undefined only for codes it does not know,
 * which the schema-walk test would catch.
 */
export function settingsIssueMessage(issue: RawIssue): string | undefined {
  const schema = isSchema(issue.inst) ? issue.inst : undefined;
  switch (issue.code) {
    case "invalid_type": {
      if (schema === undefined) return undefined;
      const expected = expectationWithExample(schema);
      return issue.input === undefined ? `is required: ${expected}` : `must be ${expected}`;
    }
    case "too_small":
      return sizeMessage(issue, "at least");
    case "too_big":
      return sizeMessage(issue, "at most");
    case "invalid_value":
      return oneOf((issue.values ?? []).map(String), issue.input);
    case "invalid_union": {
      if (issue.discriminator !== undefined) {
        const given =
          typeof issue.input === "object" && issue.input !== null
            ? (issue.input as Record<string, unknown>)[issue.discriminator]
            : issue.input;
        return `${oneOf((issue.options ?? []).map(String), given)}; it selects which other keys belong beside it`;
      }
      return schema === undefined ? undefined : `must be ${expectationWithExample(schema)}`;
    }
    case "invalid_format":
      return schema === undefined ? undefined : `must be ${expectationWithExample(schema)}`;
    case "invalid_key": {
      // The key's own schema has already worded why (a label name, a header name…).
      const reason = issue.issues?.[0]?.message;
      return `is not allowed as a key here${reason === undefined ? "" : `: it ${reason}`}`;
    }
    case "not_multiple_of":
      return "must be a whole multiple of the allowed step";
    default:
      return undefined;
  }
}

/** Options for `safeParse` that give every issue a message of ours. */
export const settingsParseOptions = {
  reportInput: true,
  error: (issue: RawIssue) => settingsIssueMessage(issue),
} as const;
