import type { SettingsProblem } from "../errors";

/** The config namespace every key path starts with. */
const ns = "observability";

/** A problem at a key path as the user writes it (`prometheus.replicas`), with the value received when there was one. */
export function problemAt(path: string, message: string, received?: unknown): SettingsProblem {
  return received === undefined ? { path: `${ns}:${path}`, message } : { path: `${ns}:${path}`, message, received };
}

/** Names that appear more than once, each once. */
export function duplicates(names: readonly string[]): string[] {
  return [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
}

/** The command that sets a config key, for messages. */
export function configSetCommand(key: string, value: string, secret = false): string {
  return `pulumi config set${secret ? " --secret" : " --path"} ${ns}:${key} ${value}`;
}
