import { allowedValues, innerSchema, isOptional, type ZodLike } from "./messages";

/**
 * The settings schema as a tree of keys, for what is written from it: the
 * configuration reference (docs/config.md) and the tests that give every key
 * wrong values.
 */

/** A zod schema's definition, as far as the walks read it. */
export interface SchemaDef {
  readonly type: string;
  readonly shape?: Readonly<Record<string, ZodLike>>;
  readonly element?: ZodLike;
  readonly keyType?: ZodLike;
  readonly valueType?: ZodLike;
  readonly options?: readonly ZodLike[];
  readonly discriminator?: string;
  readonly checks?: readonly { readonly _zod: { readonly def: { check: string; value?: number } } }[];
}

/** The definition of the schema under its optional/default/transform wrappers. */
export function defOf(schema: ZodLike): SchemaDef {
  return innerSchema(schema)._zod.def;
}

/** One node of the schema: where it is and what it is. */
export interface SchemaNode {
  /** Key path, with `[0]` for list entries and `<name>` for map entries. */
  readonly path: string;
  readonly schema: ZodLike;
  /** The object it is a key of, and whether the key may be left out. */
  readonly parent?: { readonly schema: ZodLike; readonly key: string; readonly optional: boolean };
  /** Under which option of a tagged union the key exists, e.g. `mode: selfSigned`. */
  readonly variant?: string;
}

/** Every node of a schema, depth first: objects, lists, maps, union options and leaves. */
export function schemaNodes(schema: ZodLike, path = "", variant?: string): SchemaNode[] {
  const nodes: SchemaNode[] = [{ path, schema, ...(variant === undefined ? {} : { variant }) }];
  const def = defOf(schema);
  switch (def.type) {
    case "object":
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const child = schemaNodes(field, path === "" ? key : `${path}.${key}`, variant);
        child[0] = { ...child[0], parent: { schema, key, optional: isOptional(field) } };
        nodes.push(...child);
      }
      break;
    case "array":
      if (def.element) nodes.push(...schemaNodes(def.element, `${path}[0]`, variant));
      break;
    case "record":
      if (def.valueType) nodes.push(...schemaNodes(def.valueType, `${path}.<name>`, variant));
      break;
    case "union":
      // Each option in full: the option object itself is also a value of the union's key.
      for (const option of def.options ?? []) {
        const tag = def.discriminator;
        const tagSchema = tag === undefined ? undefined : defOf(option).shape?.[tag];
        const optionVariant =
          tag === undefined || tagSchema === undefined ? variant : `${tag}: ${allowedValues(tagSchema).join(" or ")}`;
        nodes.push(...schemaNodes(option, path, optionVariant));
      }
      break;
  }
  return nodes;
}
