import { rawConfigFromStackFile } from "../../settings/fromStackFile";
import { secretReferences } from "../../settings/secretRefs";
import { parseSettings, type RawStackConfig, type ResolvedSettings } from "../../settings/validate";

/** The stack files shipped in the repository. */
export const stackNames = ["dev", "staging", "prod"] as const;
export type StackName = (typeof stackNames)[number];

/** Names of secret config keys a stack file's values refer to (`*Secret` fields). */
function namedSecretKeys(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => namedSecretKeys(item, found));
  else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key.endsWith("Secret") && typeof inner === "string") found.add(inner);
      else namedSecretKeys(inner, found);
    }
  }
  return found;
}

/**
 * The stack file with every secret it names set, as if the operator had run
 * `pulumi config set --secret` for each (the committed stack files carry no
 * secrets). Grafana's admin password counts as set outside dev.
 */
export function withOperatorSecrets(raw: RawStackConfig): RawStackConfig {
  const keys = namedSecretKeys(raw.values, new Set(raw.secretKeys));
  if (raw.values["environment"] !== "dev") keys.add("grafanaAdminPassword");
  return { ...raw, secretKeys: keys };
}

/** Validated settings of a committed stack file, with its secrets set. */
export function stackSettings(stack: StackName): ResolvedSettings {
  return parseSettings(withOperatorSecrets(rawConfigFromStackFile(stack)));
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
