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

/**
 * The key under which a ready-made bcrypt hash of the secret `key` may be
 * supplied beside its value: the random provider's `bcryptHash` of a
 * password it generated, hashed once at creation and kept in state, so that
 * no run of the program pays for bcrypt (slow on purpose). Config keys have
 * no `.`, so this never names one.
 */
export function bcryptHashKey(key: string): string {
  return `${key}.bcrypt`;
}

/** Secret keys a piece of content refers to, sorted and without repeats. */
export function secretKeysIn(content: string): string[] {
  return [...new Set([...content.matchAll(tokenPattern)].map((match) => match[2]))].sort();
}

/**
 * A bcrypt hash of `password` whose salt is derived from the password
 * itself, so the same password always gives the same hash: a web config does
 * not change, and pods do not roll, on every `pulumi up`. The salt stays
 * unique per password (an HMAC of it), so equal hashes reveal only equal
 * passwords, which per-stack generated passwords never are.
 * @param cost bcrypt's cost factor: 10 for what ships; the mocks of the
 *   random provider use a lower one for speed (scripts/underMocks).
 */
export function stableBcrypt(password: string, cost = 10): string {
  // Several web configs embed the same password; bcrypt is slow on purpose
  // (~0.1 s in JavaScript), so each password is hashed once per program run.
  const rounds = String(cost).padStart(2, "0");
  const known = bcryptHashes.get(`${rounds}:${password}`);
  if (known !== undefined) return known;
  const saltBytes = createHmac("sha256", password).update("observability-stack/bcrypt-salt").digest().subarray(0, 16);
  const hash = hashSync(password, `$2b$${rounds}$${encodeBase64(saltBytes, 16)}`);
  bcryptHashes.set(`${rounds}:${password}`, hash);
  return hash;
}

const bcryptHashes = new Map<string, string>();

/**
 * Replaces every token with its value; a bcrypt token with the hash supplied
 * under `bcryptHashKey(key)` when there is one, else `stableBcrypt` of the
 * value (a password the operator set). YAML files get each value as a
 * double-quoted scalar (JSON string syntax, valid YAML), so no value can break
 * the document's structure; the token must stand alone as a scalar there.
 * @throws when a token has no value, naming the missing key.
 */
export function fillSecrets(file: FileSpec, values: Readonly<Record<string, string>>): string {
  return file.content.replace(tokenPattern, (_, bcrypt: string | undefined, key: string) => {
    const secret = values[key];
    if (secret === undefined) throw new Error(`${file.path} refers to secret '${key}', which has no value`);
    const value = bcrypt === undefined ? secret : (values[bcryptHashKey(key)] ?? stableBcrypt(secret));
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
