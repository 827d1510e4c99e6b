import type { FileSpec } from "./workload";

/**
 * Documents are built by pure functions before any secret value is known, so
 * a secret appears in them as a token that names its config key. The
 * component fills tokens from secret Outputs (the file stays a secret); the
 * render command fills them with visible placeholders.
 */

const tokenPattern = /__SECRET_([A-Za-z][A-Za-z0-9_]*)__/g;

/** The token standing for the secret config key `key`. */
export function secretToken(key: string): string {
  return `__SECRET_${key}__`;
}

/** Secret keys a piece of content refers to, sorted and without repeats. */
export function secretKeysIn(content: string): string[] {
  return [...new Set([...content.matchAll(tokenPattern)].map((match) => match[1]))].sort();
}

/**
 * Replaces every token with its value. YAML files get each value as a
 * double-quoted scalar (JSON string syntax, valid YAML), so no value can break
 * the document's structure; the token must stand alone as a scalar there.
 * @throws when a token has no value, naming the missing key.
 */
export function fillSecrets(file: FileSpec, values: Readonly<Record<string, string>>): string {
  return file.content.replace(tokenPattern, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`${file.path} refers to secret '${key}', which has no value`);
    return file.secretEscaping === "yaml" ? JSON.stringify(value) : value;
  });
}

/**
 * A visible stand-in for a secret in rendered files. URL-shaped so that files
 * whose schema wants a URL (Slack, webhooks) still validate.
 */
export function placeholderFor(key: string): string {
  return `https://redacted.invalid/secret/${key}`;
}
