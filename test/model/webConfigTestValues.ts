import { tlsRolesInUse } from "../../model/rolesInUse";
import type { ResolvedSettings } from "../../settings/validate";
import { caCertSecretKey, tlsSecretKeys } from "../../model/tls";
import { testSecretValues } from "../../scripts/underMocks/stacks";

/**
 * A test value for every secret a stack's files refer to: the configured
 * secrets (`testSecretValues`) plus, with selfSigned TLS, PEM-shaped stand-ins
 * for the CA and each role's certificate and key, which the stack makes
 * itself and so are not among the settings' secret references.
 */
export function secretValuesWithTls(settings: ResolvedSettings): Record<string, string> {
  const values = testSecretValues(settings);
  if (settings.tls.mode !== "selfSigned") return values;
  values[caCertSecretKey] = "-----BEGIN CERTIFICATE-----\ntest-ca\n-----END CERTIFICATE-----\n";
  for (const role of tlsRolesInUse(settings)) {
    const keys = tlsSecretKeys(role);
    values[keys.cert] = `-----BEGIN CERTIFICATE-----\ntest-${role}\n-----END CERTIFICATE-----\n`;
    values[keys.key] = `-----BEGIN PRIVATE KEY-----\ntest-${role}\n-----END PRIVATE KEY-----\n`;
  }
  return values;
}
