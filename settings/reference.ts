import { valueAt } from "./keyPaths";
import { allowedValues, exampleOf, expectation, formatExample, innerSchema, type ZodLike } from "./messages";
import { profileFor } from "./profiles";
import { environments, stackSettingsSchema, type Environment } from "./schema";
import { defOf, schemaNodes, type SchemaNode } from "./schemaTree";
import { secretKeyName } from "./formats";

/**
 * The configuration reference (docs/config.md), written from the schema and
 * the environment profiles: every key of a stack file with what it expects,
 * its default in each environment, an example, and whether it names a secret.
 * `npm run docs:config` writes it; a test fails when it is out of date.
 */

/** Each environment's defaults, as the schema completes them. */
const defaults: Readonly<Record<Environment, unknown>> = Object.fromEntries(
  environments.map((environment) => [environment, stackSettingsSchema.parse(profileFor(environment))]),
) as Record<Environment, unknown>;

const maxValueLength = 70;

function shown(value: unknown): string {
  const text = formatExample(value);
  const short = text.length > maxValueLength ? `${text.slice(0, maxValueLength - 1)}…` : text;
  return `\`${short.replace(/\|/g, "\\|")}\``;
}

/** The key as written in a stack file: `[]` for any entry of a list, `<name>` for any key of a map. */
function displayPath(node: SchemaNode): string {
  return node.path.replace(/\[0\]/g, "[]");
}

function names(node: SchemaNode): boolean {
  return innerSchema(node.schema) === innerSchema(secretKeyName as unknown as ZodLike);
}

/** The default of a key in each environment; one cell when all agree. */
function defaultCell(node: SchemaNode): string {
  const def = node.schema._zod.def as { type: string; defaultValue?: unknown };
  const ownDefault = def.type === "default" ? def.defaultValue : undefined;
  // Keys inside lists and maps have no profile value: only their own default.
  if (/\[0\]|<name>/.test(node.path)) return ownDefault === undefined ? "" : shown(ownDefault);
  const segments = node.path.split(".");
  const values = environments.map((environment) => valueAt(defaults[environment], segments));
  if (values.every((value) => value === undefined)) {
    if (ownDefault !== undefined) return shown(ownDefault);
    return node.parent?.optional === false ? "required" : "";
  }
  const cells = values.map((value) => (value === undefined ? "not set" : shown(value)));
  if (cells.every((cell) => cell === cells[0])) return cells[0] ?? "";
  return environments.map((environment, index) => `${environment}: ${cells[index] ?? ""}`).join("<br>");
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === "object" && value !== null && Object.keys(value).length === 0)
  );
}

function row(node: SchemaNode): string {
  const def = defOf(node.schema);
  // A tagged union: its tag says which keys belong beside it (rows below).
  if (def.type === "union" && def.discriminator !== undefined) {
    const tags = (def.options ?? []).flatMap((option) => {
      const tag = defOf(option).shape?.[def.discriminator ?? ""];
      return tag === undefined ? [] : allowedValues(tag);
    });
    const expects = `an object whose \`${def.discriminator}\` (one of ${tags.join(", ")}) says which other keys it has`;
    return `| \`${displayPath(node)}\` | ${expects} | ${defaultCell(node)} |  |`;
  }
  // An object's keys have rows of their own.
  if (def.type === "object") {
    const key = `\`${displayPath(node)}\`${node.variant === undefined ? "" : ` (${node.variant})`}`;
    return `| ${key} | an object with the keys below${node.parent?.optional === true ? " (optional)" : ""} |  |  |`;
  }
  const expects = expectation(node.schema) + (names(node) ? " — **the name of a secret config key**" : "");
  // A default of [] or {} says nothing of what an entry looks like: show the schema's own example.
  const ownExample = exampleOf(node.schema);
  const example = isEmpty(ownExample) ? exampleOf(innerSchema(node.schema)) : ownExample;
  const key = `\`${displayPath(node)}\`${node.variant === undefined ? "" : ` (${node.variant})`}`;
  const cells = [key, expects.replace(/\|/g, "\\|"), defaultCell(node), example === undefined ? "" : shown(example)];
  return `| ${cells.join(" | ")} |`;
}

/** The whole reference page, in Markdown. */
export function configReference(): string {
  const root = stackSettingsSchema as unknown as ZodLike;
  const keys = schemaNodes(root).filter((node) => node.parent !== undefined);
  const seen = new Set<string>();
  const sections = new Map<string, string[]>();
  // A tagged union's tag (tls.mode, jaeger.storage.type) appears once per
  // option in the tree; the reference gives it one row with all its values.
  const isTag = (node: SchemaNode): boolean =>
    node.variant !== undefined && node.variant.startsWith(`${node.parent?.key ?? ""}: `);
  const tagValues = new Map<string, string[]>();
  for (const node of keys.filter(isTag)) {
    tagValues.set(node.path, [...(tagValues.get(node.path) ?? []), ...allowedValues(node.schema)]);
  }
  for (const node of keys) {
    if (isTag(node) && seen.has(node.path)) continue;
    if (isTag(node)) seen.add(node.path);
    const line = isTag(node)
      ? `| \`${displayPath(node)}\` | one of ${(tagValues.get(node.path) ?? []).join(", ")}; it selects which keys below apply | ${defaultCell(node)} | ${shown(exampleOf(node.schema))} |`
      : row(node);
    if (seen.has(line)) continue;
    seen.add(line);
    const top = node.path.split(/[.[]/)[0] ?? node.path;
    sections.set(top, [...(sections.get(top) ?? []), line]);
  }
  const parts = [
    "# Stack configuration reference",
    "",
    "<!-- Written by `npm run docs:config` from settings/schema/ and settings/profiles.ts; a test fails when it is out of date. -->",
    "",
    "Every key of a `Pulumi.<stack>.yaml` under the `observability:` namespace. A stack",
    "file states only what differs from its environment's defaults (objects merge key by",
    "key; lists and values replace). Keys marked as the name of a secret config key hold",
    "the *name* of another key, set with `pulumi config set --secret observability:<name>`.",
    "`[]` stands for any entry of a list, `<name>` for any key of a map; a key shown with",
    "`(mode: …)` or `(type: …)` exists only beside that value. An empty default means",
    "the key is optional and unset.",
  ];
  for (const [top, rows] of sections) {
    parts.push("", `## ${top}`, "");
    parts.push("| Key | Expects | Default | Example |", "|---|---|---|---|", ...rows);
  }
  return `${parts.join("\n")}\n`;
}
