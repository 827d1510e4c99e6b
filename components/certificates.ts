import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedSettings } from "../settings/validate";
import type { SecretOutputs } from "./resolveWorkload";

/**
 * Makes the stack's CA and one certificate per TLS role with @pulumi/tls
 * (tls.mode selfSigned), returned as secret Outputs under the keys of
 * model/tls.ts (`caCertSecretKey`, `tlsSecretKeys(role)`).
 */
export function createSelfSignedCertificates(
  parent: pulumi.Resource,
  name: string,
  settings: ResolvedSettings,
  roles: readonly { readonly role: string; readonly replicas: number }[],
): SecretOutputs {
  void parent;
  void name;
  void settings;
  void roles;
  throw new Error("selfSigned certificates are being built (components/certificates.ts)");
}
