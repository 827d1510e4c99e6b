/**
 * Safe readers for resource properties. The engine hands a policy plain,
 * untyped JSON (the resource's inputs, or its outputs for stack policies),
 * and a misconfigured resource is exactly what a policy must cope with, so
 * nothing here trusts a shape: every reader returns `undefined` (or an empty
 * list) for a value of the wrong type.
 */

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** The value as an object, or `undefined` when it is not one (arrays and `null` are not). */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** The value as a list of objects; anything that is not an object is dropped. */
export function asObjects(value: unknown): JsonObject[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): JsonObject[] => {
    const object = asObject(item);
    return object === undefined ? [] : [object];
  });
}

/** The value as a list of strings; anything that is not a string is dropped. */
export function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** The value as a string, or `undefined`. */
export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The value at a path of object keys, or `undefined` when a step is missing or not an object. */
export function at(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const object = asObject(current);
    if (object === undefined) return undefined;
    current = object[key];
  }
  return current;
}

/** A string-valued map (labels, ConfigMap data), without its non-string entries. */
export function asStringMap(value: unknown): Record<string, string> {
  const object = asObject(value) ?? {};
  return Object.fromEntries(
    Object.entries(object).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
