import { packCatalog } from "../../model/packs";
import { rawConfigFromStackFile } from "../../settings/fromStackFile";
import { secretReferences } from "../../settings/secretRefs";
import { parseStack } from "../../model/stack/settings";
import { mergeOverProfile, type ResolvedSettings } from "../../settings/validate";

/** The stack files shipped in the repository. */
export const stackNames = ["dev", "staging", "prod"] as const;
export type StackName = (typeof stackNames)[number];

/** Validated settings of a committed stack file, with its secrets set. */
export function stackSettings(stack: StackName): ResolvedSettings {
  // The committed stack files carry no secrets; an operator sets them per stack.
  return parseStack(rawConfigFromStackFile(stack), { assumeSecrets: true });
}

/** A value for every secret a stack's settings name (test values, never real). */
export function testSecretValues(settings: ResolvedSettings): Record<string, string> {
  const values: Record<string, string> = {};
  for (const ref of secretReferences(settings)) {
    values[ref.key] = ref.key.toLowerCase().includes("url")
      ? `https://hooks.example.test/${ref.key}`
      : `test-${ref.key}-value`;
  }
  return values;
}

/**
 * Validated settings of a committed stack file with some keys changed, e.g.
 * `settingsWith("prod", { tls: { mode: "certManager", issuer: { name: "ca" } } })`.
 * Objects merge key by key into the stack file's values; lists replace.
 */
export function settingsWith(stack: StackName, overrides: Record<string, unknown>): ResolvedSettings {
  const raw = rawConfigFromStackFile(stack);
  const values = mergeOverProfile(raw.values, overrides) as Record<string, unknown>;
  return parseStack({ ...raw, values }, { assumeSecrets: true });
}

/**
 * A committed stack with every selectable pack enabled, each receiver role
 * of their routes mapped to `receiver` (one of the stack's receivers).
 */
export function settingsWithEveryPack(stack: StackName, receiver: string): ResolvedSettings {
  return settingsWith(stack, { packs: everySelectablePack(receiver) });
}

/** The `packs` setting that enables every selectable pack, each receiver role of their routes mapped to `receiver`. */
export function everySelectablePack(receiver: string): { name: string; receivers: Record<string, string> }[] {
  return packCatalog
    .filter((pack) => !pack.builtIn)
    .map((pack) => ({
      name: pack.name,
      receivers: Object.fromEntries(pack.routes.flatMap((route) => route.receivers).map((role) => [role, receiver])),
    }));
}
