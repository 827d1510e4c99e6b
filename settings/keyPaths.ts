/** Key paths into config values: reading a value, and naming it as a user writes it. */

/** The config namespace of this project (`name` in Pulumi.yaml): every key is `observability:<path>`. */
export const configNamespace = "observability";

/** The value at a path of keys and list indexes; undefined where the path leaves the values. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/** A config key path as a stack file's author writes it, e.g. `observability:alerting.routes[0].matchers`. */
export function configKeyPath(namespace: string, path: readonly PropertyKey[]): string {
  let text = namespace + ":";
  path.forEach((segment, index) => {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += (index === 0 ? "" : ".") + String(segment);
  });
  return text;
}
