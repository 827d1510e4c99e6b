import { configNamespace } from "../keyPaths";

/** Names that appear more than once, each once. */
export function duplicates(names: readonly string[]): string[] {
  return [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
}

/** The command that sets a config key, for messages. */
export function configSetCommand(key: string, value: string, secret = false): string {
  return `pulumi config set${secret ? " --secret" : " --path"} ${configNamespace}:${key} ${value}`;
}
