/**
 * Alertmanager matchers as the stack writes them (`severity="critical"`,
 * `team=~"db|api"`, `x!="y"`, `x!~"a.*"`), parsed and evaluated on a label
 * value the way Alertmanager does: regular expressions are anchored at both
 * ends, and a missing label has the empty value.
 */

/** One parsed matcher. */
export interface Matcher {
  readonly label: string;
  readonly op: "=" | "!=" | "=~" | "!~";
  readonly value: string;
  /** As written, for messages. */
  readonly text: string;
}

const matcherPattern = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/** Parses a matcher the settings schema accepted. @throws for one it would not have. */
export function parseMatcher(text: string): Matcher {
  const match = matcherPattern.exec(text);
  if (match === null) throw new Error(`not an Alertmanager matcher: ${text}`);
  const [, label, op, quoted] = match;
  // The value is a Go-quoted string: its escapes read as JSON's.
  const value = JSON.parse(`"${quoted ?? ""}"`) as string;
  return { label: label ?? "", op: op as Matcher["op"], value, text: text.trim() };
}

/** Whether a label value (the empty string for a missing label) satisfies the matcher. */
export function matches(matcher: Matcher, value: string): boolean {
  switch (matcher.op) {
    case "=":
      return value === matcher.value;
    case "!=":
      return value !== matcher.value;
    case "=~":
      return new RegExp(`^(?:${matcher.value})$`).test(value);
    case "!~":
      return !new RegExp(`^(?:${matcher.value})$`).test(value);
  }
}
