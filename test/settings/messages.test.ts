import { describe, expect, it } from "vitest";
import { exampleOf, expectationWithExample, settingsParseOptions, type ZodLike } from "../../settings/messages";
import { stackSettingsSchema } from "../../settings/schema";
import {
  boundsOf,
  defOf,
  enumValues,
  isWholeNumber,
  isZodWording,
  nearMiss,
  schemaNodes,
  wrongKinds,
} from "../helpers/schemaWalk";

/**
 * Walks every node of the settings schema and gives it wrong values: the
 * wrong kind, out of range, a near-miss enum value, and (for required keys)
 * nothing. Every message a user could read must be ours: what the key
 * expects and an example, never zod's own wording.
 */

const root = stackSettingsSchema as unknown as ZodLike;
const nodes = schemaNodes(root);

function messagesFor(schema: ZodLike, value: unknown): string[] {
  const result = (
    schema as unknown as {
      safeParse: (v: unknown, o: unknown) => { success: boolean; error?: { issues: { message: string }[] } };
    }
  ).safeParse(value, settingsParseOptions);
  return result.success ? [] : (result.error?.issues ?? []).map((issue) => issue.message);
}

interface Case {
  readonly path: string;
  readonly given: string;
  readonly messages: string[];
}

function casesOf(): Case[] {
  const cases: Case[] = [];
  for (const node of nodes) {
    for (const wrong of wrongKinds(node.schema)) {
      cases.push({ path: node.path, given: JSON.stringify(wrong), messages: messagesFor(node.schema, wrong) });
    }
    const def = defOf(node.schema);
    const bounds = boundsOf(node.schema);
    if (def.type === "number") {
      if (bounds.min !== undefined)
        cases.push({
          path: node.path,
          given: String(bounds.min - 1),
          messages: messagesFor(node.schema, bounds.min - 1),
        });
      if (bounds.max !== undefined)
        cases.push({
          path: node.path,
          given: String(bounds.max + 1),
          messages: messagesFor(node.schema, bounds.max + 1),
        });
      // A fraction is wrong for a whole number only (a percentage such as an SLO objective takes one).
      if (isWholeNumber(node.schema))
        cases.push({ path: node.path, given: "1.5", messages: messagesFor(node.schema, 1.5) });
    }
    if (def.type === "string")
      cases.push({ path: node.path, given: '"Not Valid!"', messages: messagesFor(node.schema, "Not Valid!") });
    if (def.type === "array" && bounds.min !== undefined)
      cases.push({ path: node.path, given: "[]", messages: messagesFor(node.schema, []) });
    for (const value of enumValues(node.schema)) {
      cases.push({ path: node.path, given: nearMiss(value), messages: messagesFor(node.schema, nearMiss(value)) });
    }
    if (node.parent && !node.parent.optional) {
      // The parent object with this key left out.
      const example = exampleOf(node.parent.schema) as Record<string, unknown>;
      const withoutKey = { ...example };
      delete withoutKey[node.parent.key];
      cases.push({ path: node.path, given: "nothing", messages: messagesFor(node.parent.schema, withoutKey) });
    }
  }
  return cases;
}

const cases = casesOf();

describe("settings messages", () => {
  it("walks the whole schema", () => {
    expect(nodes.length).toBeGreaterThan(200);
    const wrong = cases.filter((each) => each.messages.length > 0).length;
    console.log(`schema walk: ${nodes.length} nodes, ${cases.length} wrong values, ${wrong} rejected`);
  });

  it("never lets zod's own wording through", () => {
    const leaks = cases.flatMap((each) =>
      each.messages.filter(isZodWording).map((message) => `${each.path} given ${each.given}: ${message}`),
    );
    expect(leaks).toEqual([]);
  });

  it("rejects every wrong kind of value", () => {
    const accepted = cases
      .filter((each) => each.given !== '"Not Valid!"' && each.messages.length === 0)
      .map((each) => `${each.path} accepted ${each.given}`);
    expect(accepted).toEqual([]);
  });

  it("says what each key expects with an example", () => {
    const withoutExample: string[] = [];
    for (const node of nodes) {
      const text = expectationWithExample(node.schema);
      const def = defOf(node.schema);
      // Enums and booleans list their values; everything else shows one.
      if (def.type === "enum" || def.type === "literal" || def.type === "boolean") continue;
      if (!/(e\.g\.|such as)/.test(text)) withoutExample.push(`${node.path}: ${text}`);
    }
    expect(withoutExample).toEqual([]);
  });

  it("answers a near-miss enum value with did-you-mean", () => {
    const target = messagesFor(root, { target: "kubernets" }).join("\n");
    expect(target).toContain("must be one of docker, kubernetes (did you mean 'kubernetes'?)");
  });

  it("names what a missing object needs", () => {
    const tls = stackSettingsSchema.shape.tls as unknown as ZodLike;
    expect(messagesFor(tls, { mode: "certManager" })).toEqual([
      "is required: an object with the keys name, kind?, group? (? marks optional keys), e.g. { name: letsencrypt-prod }",
    ]);
  });
});
