import { createHmac } from "node:crypto";
import { encodeBase64, hashSync } from "bcryptjs";
import type { FileSpec } from "./workload";

/**
 * Documents are built by pure functions before any secret value is known, so
 * a secret appears in them as a token that names its config key. The
 * component fills tokens from secret Outputs (the file stays a secret); the
 * render command fills them with visible placeholders.
 */

const tokenPattern = /__SECRET(_BCRYPT)?_([A-Za-z][A-Za-z0-9_]*)__/g;

/** The token standing for the secret config key `key`. */
export function secretToken(key: string): string {
  return `__SECRET_${key}__`;
}

/**
 * The token standing for a bcrypt hash of the secret `key`, for the
 * `basic_auth_users` of web config files (see `stableBcrypt`).
 */
export function bcryptToken(key: string): string {
  return `__SECRET_BCRYPT_${key}__`;
}

/** Secret keys a piece of content refers to, sorted and without repeats. */
export function secretKeysIn(content: string): string[] {
  return [...new Set([...content.matchAll(tokenPattern)].map((match) => match[2]))].sort();
}

/**
 * A bcrypt hash (cost 10) of `password` whose salt is derived from the
 * password itself, so the same password always gives the same hash: a web
 * config does not change, and pods do not roll, on every `pulumi up`. The
 * salt stays unique per password (an HMAC of it), so equal hashes reveal only
 * equal passwords, which per-stack generated passwords never are.
 */
export function stableBcrypt(password: string): string {
  // Several web configs embed the same password; bcrypt is slow on purpose
  // (~0.1 s in JavaScript), so each password is hashed once per program run.
  const known = bcryptHashes.get(password);
  if (known !== undefined) return known;
  const saltBytes = createHmac("sha256", password).update("observability-stack/bcrypt-salt").digest().subarray(0, 16);
  const hash = hashSync(password, `$2b$10$${encodeBase64(saltBytes, 16)}`);
  bcryptHashes.set(password, hash);
  return hash;
}

const bcryptHashes = new Map<string, string>();

/**
 * Replaces every token with its value. YAML files get each value as a
 * double-quoted scalar (JSON string syntax, valid YAML), so no value can break
 * the document's structure; the token must stand alone as a scalar there.
 * @throws when a token has no value, naming the missing key.
 */
export function fillSecrets(file: FileSpec, values: Readonly<Record<string, string>>): string {
  return file.content.replace(tokenPattern, (_, bcrypt: string | undefined, key: string) => {
    const secret = values[key];
    if (secret === undefined) throw new Error(`${file.path} refers to secret '${key}', which has no value`);
    const value = bcrypt === undefined ? secret : stableBcrypt(secret);
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
