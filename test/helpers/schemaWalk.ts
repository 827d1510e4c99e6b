import { allowedValues, type ZodLike } from "../../settings/messages";

export { boundsOf } from "../../settings/messages";
import { defOf } from "../../settings/schemaTree";

export { defOf, schemaNodes, type SchemaNode } from "../../settings/schemaTree";

/**
 * Values of the wrong kind for a schema: a number where text is expected, a
 * map where a list is, and so on. Never a value the schema accepts.
 */
export function wrongKinds(schema: ZodLike): unknown[] {
  const def = defOf(schema);
  switch (def.type) {
    case "string":
    case "enum":
    case "literal":
      return [42, true, ["a"], { a: 1 }];
    case "number":
      return ["three", true, [1]];
    case "boolean":
      return ["yes", 1];
    case "array":
      return [{ a: 1 }, "text", 3];
    case "object":
    case "record":
      return [["a"], "text", 3];
    case "union": {
      // A value none of the options takes.
      const kinds = (def.options ?? []).map((option) => defOf(option).type);
      return kinds.includes("number") || kinds.includes("boolean") ? [[[]]] : [42, [[]]];
    }
    default:
      return [];
  }
}

/** A near miss of an allowed value: one letter dropped, for did-you-mean. */
export function nearMiss(word: string): string {
  if (word.length <= 3) return `${word}x`;
  const at = Math.floor(word.length / 2);
  return word.slice(0, at) + word.slice(at + 1);
}

/** Allowed values of an enum or literal node. */
export function enumValues(schema: ZodLike): string[] {
  return allowedValues(schema);
}

/** zod's own wording, which must never reach a user. */
export const zodDefaultWording = [
  /^Invalid (input|option|string|key|element|discriminator|union|value)/,
  /^Too (big|small)/,
  /^Unrecognized key/,
  /expected \w+, received \w+/,
  /^Expected /,
];

/** True when a message is zod's own wording. */
export function isZodWording(message: string): boolean {
  return zodDefaultWording.some((pattern) => pattern.test(message));
}

/** A node of a concrete config: its path as keys and indexes, its schema and its value. */
export interface ValueNode {
  readonly path: readonly (string | number)[];
  readonly schema: ZodLike;
  readonly value: unknown;
}

function accepts(schema: ZodLike, value: unknown): boolean {
  return (schema as unknown as { safeParse: (v: unknown) => { success: boolean } }).safeParse(value).success;
}

/** Every node of a valid config, each with the schema that judges it (the matching union option). */
export function valueNodes(schema: ZodLike, value: unknown, path: readonly (string | number)[] = []): ValueNode[] {
  const nodes: ValueNode[] = [{ path, schema, value }];
  const def = defOf(schema);
  if (def.type === "union") {
    const option = (def.options ?? []).find((each) => accepts(each, value));
    if (option) nodes.push(...valueNodes(option, value, path).slice(1));
    return nodes;
  }
  if (value === null || typeof value !== "object") return nodes;
  if (def.type === "object" && !Array.isArray(value)) {
    for (const [key, field] of Object.entries(def.shape ?? {})) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) nodes.push(...valueNodes(field, child, [...path, key]));
    }
  } else if (def.type === "array" && Array.isArray(value) && def.element) {
    value.forEach((child, index) => nodes.push(...valueNodes(def.element as ZodLike, child, [...path, index])));
  } else if (def.type === "record" && def.valueType) {
    for (const [key, child] of Object.entries(value)) nodes.push(...valueNodes(def.valueType, child, [...path, key]));
  }
  return nodes;
}

/** True when a number schema takes whole numbers only (`z.int()`). */
export function isWholeNumber(schema: ZodLike): boolean {
  return (defOf(schema).checks ?? []).some((check) => {
    const def = check._zod.def as { check: string; format?: string };
    return def.check === "number_format" && (def.format === "safeint" || def.format === "int32");
  });
}

/** True when a string schema has a format (a pattern), so that arbitrary text fails it. */
export function hasFormat(schema: ZodLike): boolean {
  return (defOf(schema).checks ?? []).some((check) => (check._zod.def as { check: string }).check === "string_format");
}
