/**
 * Command-line flags as Go programs (Prometheus, Alertmanager, the exporters)
 * accept them: `--name=value` or `--name value`, one or two dashes.
 */

/** How an argument gives a flag: bare (`--name`, its value may follow), with a value, or not at all. */
type FlagMatch = { readonly bare: true } | { readonly bare: false; readonly value: string } | undefined;

function matchFlag(arg: string, name: string): FlagMatch {
  const stripped = arg.replace(/^--?/, "");
  if (stripped === arg) return undefined;
  if (stripped === name) return { bare: true };
  return stripped.startsWith(`${name}=`) ? { bare: false, value: stripped.slice(name.length + 1) } : undefined;
}

/** Every value given for a flag, in order. A bare boolean flag yields `"true"`. */
export function flagValues(args: readonly string[], name: string): string[] {
  const values: string[] = [];
  args.forEach((arg, index) => {
    const found = matchFlag(arg, name);
    if (found === undefined) return;
    if (!found.bare) {
      values.push(found.value);
      return;
    }
    const next = args[index + 1];
    values.push(next !== undefined && !next.startsWith("-") ? next : "true");
  });
  return values;
}

/** The last value given for a flag (Go's flag package keeps the last), or `undefined`. */
export function flagValue(args: readonly string[], name: string): string | undefined {
  return flagValues(args, name).at(-1);
}

/** True when the flag is given a non-empty value. */
export function hasFlag(args: readonly string[], name: string): boolean {
  const value = flagValue(args, name);
  return value !== undefined && value !== "";
}
