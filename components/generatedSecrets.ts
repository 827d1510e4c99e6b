import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { bcryptHashKey } from "../model/secrets";
import { secretReferences } from "../settings/secretRefs";
import type { ResolvedSettings } from "../settings/validate";
import type { SecretOutputs } from "./resolveWorkload";

/**
 * Creates, once, every secret the settings allow to be generated and the
 * operator did not set (dev's Grafana admin password and secret_key). The
 * values live in the stack's state, encrypted, and stay the same on every
 * `pulumi up`; so does each one's bcrypt hash, under `bcryptHashKey(key)`.
 * Loaded only by stacks that need it, so that Kubernetes stacks, which must
 * set these secrets, never need the random provider.
 */
export function generateMissingSecrets(
  parent: pulumi.Resource,
  name: string,
  settings: ResolvedSettings,
): SecretOutputs {
  const generated: Record<string, pulumi.Output<string>> = {};
  for (const ref of secretReferences(settings)) {
    if (ref.whenAbsent !== "generated" || settings.presentSecrets.has(ref.key) || ref.key in generated) continue;
    const password = new random.RandomPassword(`${name}-${ref.key}`, { length: 32, special: false }, { parent });
    generated[ref.key] = pulumi.secret(password.result);
    // Hashed once by the provider (cost 10) and kept in state: web configs
    // embed it instead of hashing on every run (model/secrets.ts).
    generated[bcryptHashKey(ref.key)] = pulumi.secret(password.bcryptHash);
  }
  return generated;
}
