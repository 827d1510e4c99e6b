import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { ZodLike } from "../../settings/messages";
import { configKeyPath } from "../../settings/keyPaths";
import { stackSettingsSchema } from "../../settings/schema";
import { checkStack } from "../../model/stack/settings";
import { configNamespace, type RawStackConfig } from "../../settings/validate";
import { stackSettings, type StackName } from "../../scripts/underMocks/stacks";
import {
  boundsOf,
  defOf,
  enumValues,
  hasFormat,
  isZodWording,
  nearMiss,
  valueNodes,
  wrongKinds,
  type ValueNode,
} from "../helpers/schemaWalk";

/**
 * A generated corpus of invalid configs: the committed stacks, each written
 * out in full, with one to three of their values broken at once (the wrong
 * kind, out of range, a near-miss enum value or key name, a list and an
 * object swapped). Every case must stop with problems that name the key
 * path, show the value and say what to do, in our own words, and none may
 * crash the validation.
 */

const root = stackSettingsSchema as unknown as ZodLike;
const stacks: readonly StackName[] = ["dev", "staging", "prod"];

/** A committed stack's settings as explicit config values (every default written out). */
function fullConfig(stack: StackName): Record<string, unknown> {
  const settings: Record<string, unknown> = { ...stackSettings(stack) };
  delete settings["stack"];
  delete settings["presentSecrets"];
  return structuredClone(settings);
}

const bases = new Map(stacks.map((stack) => [stack, fullConfig(stack)]));

type Kind = "wrong-kind" | "out-of-range" | "near-miss-value" | "near-miss-key" | "list-object-swap" | "deploy-time";

interface Mutation {
  readonly kind: Kind;
  /** Where the mutation applies (for a renamed key: the object holding it). */
  readonly path: readonly (string | number)[];
  /** The new value (for a renamed key: the object with the key renamed). */
  readonly value: unknown;
  readonly description: string;
}

/** Every way of breaking one node of a valid config. */
function mutationsOf(node: ValueNode): Mutation[] {
  const def = defOf(node.schema);
  const at = (kind: Kind, value: unknown, description: string): Mutation => ({
    kind,
    path: node.path,
    value,
    description,
  });
  const mutations = wrongKinds(node.schema).map((value) => at("wrong-kind", value, `given ${JSON.stringify(value)}`));
  if (def.type === "number") {
    const { min, max } = boundsOf(node.schema);
    if (min !== undefined) mutations.push(at("out-of-range", min - 1, `given ${min - 1}`));
    if (max !== undefined) mutations.push(at("out-of-range", max + 1, `given ${max + 1}`));
    mutations.push(at("out-of-range", 2.5, "given 2.5"));
  }
  if (def.type === "string" && hasFormat(node.schema))
    mutations.push(at("out-of-range", "Not Valid!", 'given "Not Valid!"'));
  else if (def.type === "string" && (boundsOf(node.schema).min ?? 0) > 0)
    mutations.push(at("out-of-range", "", 'given ""'));
  // What only a Kubernetes API server or Docker would refuse, half-way through a deployment.
  if (typeof node.value === "string" && /:\d+(\/|$)/.test(node.value)) {
    const value = node.value.replace(/:\d+(\/|$)/, ":70000$1");
    mutations.push(at("deploy-time", value, `given ${value}`));
  }
  const last = node.path[node.path.length - 1];
  const parent = node.path[node.path.length - 2];
  if (parent === "requests" && last === "cpu") mutations.push(at("deploy-time", "64", "a CPU request above its limit"));
  if (parent === "requests" && last === "memory")
    mutations.push(at("deploy-time", "64Gi", "a memory request above its limit"));
  if (last === "memory" || last === "storageSize")
    mutations.push(at("deploy-time", "4096", "a memory quantity without a unit"));
  if (parent === "limits" && last === "cpu")
    mutations.push(at("deploy-time", "5m", "a CPU limit Docker cannot enforce"));
  if (
    (def.type === "enum" || def.type === "literal") &&
    typeof node.value === "string" &&
    enumValues(node.schema).length > 0
  ) {
    mutations.push(at("near-miss-value", nearMiss(node.value), `given ${nearMiss(node.value)}`));
  }
  if (def.type === "object" && node.value !== null && typeof node.value === "object" && !Array.isArray(node.value)) {
    const entries = Object.entries(node.value as Record<string, unknown>);
    for (const [key] of entries) {
      const renamed = nearMiss(key);
      if (renamed in node.value) continue;
      const value = Object.fromEntries(entries.map(([name, child]) => [name === key ? renamed : name, child]));
      mutations.push(at("near-miss-key", value, `key ${key} written ${renamed}`));
    }
    mutations.push(at("list-object-swap", [node.value], "an object given as a list"));
  }
  if (def.type === "array" && Array.isArray(node.value) && node.value.length > 0) {
    mutations.push(at("list-object-swap", { ...node.value }, "a list given as an object"));
  }
  return mutations;
}

const mutationsByStack = new Map(
  stacks.map((stack) => [
    stack,
    valueNodes(root, bases.get(stack))
      .filter((node) => node.path.length > 0)
      .flatMap(mutationsOf),
  ]),
);

function setAt(target: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = target;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}

function isPrefix(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length <= b.length && a.every((segment, index) => segment === b[index]);
}

function keyPath(path: readonly (string | number)[]): string {
  return configKeyPath(configNamespace, path);
}

/** One corpus case: a stack and one to three mutations at paths that do not contain each other. */
const corpusCase = fc.constantFrom(...stacks).chain((stack) => {
  const all = mutationsByStack.get(stack) ?? [];
  return fc
    .uniqueArray(fc.integer({ min: 0, max: all.length - 1 }), { minLength: 1, maxLength: 3 })
    .map((indexes) => indexes.map((index) => all[index]))
    .filter((chosen) =>
      chosen.every((a, i) =>
        chosen.every((b, j) => i === j || (!isPrefix(a.path, b.path) && !isPrefix(b.path, a.path))),
      ),
    )
    .map((mutations) => ({ stack, mutations }));
});

const figures = {
  cases: 0,
  mutations: 0,
  problems: 0,
  crashes: 0,
  zodWording: 0,
  byKind: {} as Record<string, number>,
};

describe("a generated corpus of invalid configs", () => {
  afterAll(() => {
    const kinds = Object.entries(figures.byKind)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(", ");
    console.log(
      `invalid-config corpus: ${figures.cases} cases, ${figures.mutations} mutations (${kinds}), ` +
        `${figures.problems} problems reported, ${figures.crashes} crashes, ${figures.zodWording} zod-worded messages`,
    );
  });

  it("stops every case with readable problems naming each broken key, and never crashes", () => {
    fc.assert(
      fc.property(corpusCase, ({ stack, mutations }) => {
        const values = structuredClone(bases.get(stack)) as Record<string, unknown>;
        for (const mutation of mutations) setAt(values, mutation.path, structuredClone(mutation.value));
        const raw: RawStackConfig = { stack, values, secretKeys: new Set() };
        let result;
        try {
          result = checkStack(raw, { assumeSecrets: true });
        } catch (error) {
          figures.crashes += 1;
          throw error;
        }
        figures.cases += 1;
        figures.mutations += mutations.length;
        for (const mutation of mutations) figures.byKind[mutation.kind] = (figures.byKind[mutation.kind] ?? 0) + 1;
        figures.problems += result.problems.length;
        const described = mutations.map((mutation) => `${keyPath(mutation.path)} ${mutation.description}`).join("; ");
        expect(result.settings, `accepted: ${described}`).toBeUndefined();
        for (const problem of result.problems) {
          if (isZodWording(problem.message)) figures.zodWording += 1;
          expect(isZodWording(problem.message), `${problem.path}: ${problem.message}`).toBe(false);
          expect(problem.path).toMatch(/^(observability:|slos\/)/);
        }
        for (const mutation of mutations) {
          const path = keyPath(mutation.path);
          const naming = result.problems.filter(
            (problem) => problem.path === path || problem.path.startsWith(path) || path.startsWith(problem.path),
          );
          const got = result.problems.map((problem) => problem.path).join(", ");
          expect(naming.length, `no problem names ${path} (${described}); got ${got}`).toBeGreaterThan(0);
          // A value that was given is shown back (a renamed key is shown by name instead).
          if (mutation.kind !== "near-miss-key") {
            expect(
              naming.some((problem) => problem.received !== undefined),
              `the value at ${path} is not shown (${described})`,
            ).toBe(true);
          }
        }
      }),
      { numRuns: 600, seed: 20261206 },
    );
    expect(figures.cases).toBeGreaterThanOrEqual(300);
  });
});
