import { configNamespace, type RawStackConfig } from "./validate";

/** One config value as the engine holds it: its text, and whether it was set with --secret. */
export interface EngineConfigEntry {
  readonly value: string;
  readonly secret?: boolean;
}

function decode(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * A stack's raw config from the engine's view of it (`namespace:key` → text
 * and secrecy): the running program's config, or the Automation API's
 * `getAllConfig()` for a stack about to be changed. Secret values never
 * leave this function; only their keys do.
 */
export function rawConfigFromEngine(
  stack: string,
  entries: Readonly<Record<string, EngineConfigEntry>>,
): RawStackConfig {
  const prefix = `${configNamespace}:`;
  const values: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  for (const [fullKey, entry] of Object.entries(entries)) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    if (entry.secret === true) secretKeys.add(key);
    // environment and target are plain strings; everything else may be structured.
    else values[key] = key === "environment" || key === "target" ? entry.value : decode(entry.value);
  }
  return { stack, values, secretKeys };
}
