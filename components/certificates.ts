import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { caCertSecretKey, tlsDnsNames, tlsSecretKeys } from "../model/tls";
import type { ResolvedSettings } from "../settings/validate";
import type { SecretOutputs } from "./resolveWorkload";

/**
 * The stack's own PKI for tls.mode selfSigned: one CA and one certificate per
 * TLS role, made by @pulumi/tls and kept in the stack's state (encrypted, as
 * Pulumi secrets). Nothing here reads a clock: the provider fixes validity
 * when it creates a certificate, so `pulumi up` shows no diff until a
 * certificate enters its early-renewal window, and then replaces exactly it.
 *
 * Keys are ECDSA P-256 rather than RSA: every party that speaks TLS here is
 * Go (Prometheus, Alertmanager, exporters, Grafana, Jaeger) or the Ingress
 * controller, all of which handle P-256; its keys are generated instantly
 * (RSA-4096 takes seconds per key on `pulumi up`) and its handshakes are
 * cheaper for the many short scrapes Prometheus makes. The CA is constrained
 * to sign leaves only (path length 0).
 */

/** A role that gets a certificate, with the replicas whose stable names it must cover. */
export interface CertificateRole {
  readonly role: string;
  readonly replicas: number;
}

/** Subject organisation on every certificate of the stack, to tell them apart from others in a trust store. */
const organization = "observability-stack";

/**
 * The CA's uses: signing certificates and revocation lists, nothing else (it
 * never serves TLS itself).
 */
export const caAllowedUses = ["cert_signing", "crl_signing"] as const;

/**
 * A service certificate's uses. Both server and client auth: Alertmanager
 * peers gossip over mutual TLS (`--cluster.tls-config`), where each peer
 * presents its certificate as a client too. `digital_signature` is what an
 * ECDSA key does in a TLS handshake.
 */
export const serviceAllowedUses = ["digital_signature", "server_auth", "client_auth"] as const;

/** Addresses every service certificate covers besides its DNS names: probes and local clients dial 127.0.0.1. */
export const serviceIpAddresses = ["127.0.0.1"] as const;

function ecdsaKey(resourceName: string, opts: pulumi.CustomResourceOptions): tls.PrivateKey {
  return new tls.PrivateKey(resourceName, { algorithm: "ECDSA", ecdsaCurve: "P256" }, opts);
}

/**
 * Makes the stack's CA and one certificate per TLS role with @pulumi/tls
 * (tls.mode selfSigned), returned as secret Outputs under the keys of
 * model/tls.ts (`caCertSecretKey`, `tlsSecretKeys(role)`). Resources are
 * named `${name}-tls-ca-key`, `${name}-tls-ca-cert`, `${name}-tls-<role>-key`,
 * `${name}-tls-<role>-csr` and `${name}-tls-<role>-cert`, parented to `parent`.
 *
 * The CA and the service certificates share `tls.validityHours` and
 * `tls.earlyRenewalHours`. Renewing the CA re-signs every service
 * certificate (they take its PEM as input); the CA key is kept, so a client
 * still holding the previous CA certificate keeps verifying during the
 * rollout.
 * @throws when tls.mode is not selfSigned (a loader bug: modules load this only for that mode).
 */
export function createSelfSignedCertificates(
  parent: pulumi.Resource,
  name: string,
  settings: ResolvedSettings,
  roles: readonly CertificateRole[],
): SecretOutputs {
  const tlsSettings = settings.tls;
  if (tlsSettings.mode !== "selfSigned") {
    throw new Error(`self-signed certificates are made only for tls.mode selfSigned (got ${tlsSettings.mode})`);
  }
  const duplicates = roles.map(({ role }) => role).filter((role, index, all) => all.indexOf(role) !== index);
  if (duplicates.length > 0) throw new Error(`certificate role(s) listed twice: ${duplicates.join(", ")}`);
  const opts: pulumi.CustomResourceOptions = { parent };
  const validity = { validityPeriodHours: tlsSettings.validityHours, earlyRenewalHours: tlsSettings.earlyRenewalHours };

  const caKey = ecdsaKey(`${name}-tls-ca-key`, opts);
  const caCert = new tls.SelfSignedCert(
    `${name}-tls-ca-cert`,
    {
      privateKeyPem: caKey.privateKeyPem,
      isCaCertificate: true,
      maxPathLength: 0,
      allowedUses: [...caAllowedUses],
      subject: { commonName: `${settings.stack} observability CA`, organization },
      setSubjectKeyId: true,
      setAuthorityKeyId: true,
      ...validity,
    },
    opts,
  );

  const secrets: Record<string, pulumi.Output<string>> = {
    // Not secret by nature, but the dictionary holds secrets only: the file
    // that carries it sits next to the key in one Kubernetes Secret anyway.
    [caCertSecretKey]: pulumi.secret(caCert.certPem),
  };
  for (const { role, replicas } of roles) {
    const key = ecdsaKey(`${name}-tls-${role}-key`, opts);
    const request = new tls.CertRequest(
      `${name}-tls-${role}-csr`,
      {
        privateKeyPem: key.privateKeyPem,
        dnsNames: tlsDnsNames(settings, role, replicas),
        ipAddresses: [...serviceIpAddresses],
        subject: { commonName: role, organization },
      },
      opts,
    );
    const cert = new tls.LocallySignedCert(
      `${name}-tls-${role}-cert`,
      {
        certRequestPem: request.certRequestPem,
        caPrivateKeyPem: caKey.privateKeyPem,
        caCertPem: caCert.certPem,
        allowedUses: [...serviceAllowedUses],
        setSubjectKeyId: true,
        ...validity,
      },
      opts,
    );
    const keys = tlsSecretKeys(role);
    secrets[keys.cert] = pulumi.secret(cert.certPem);
    secrets[keys.key] = pulumi.secret(key.privateKeyPem);
  }
  return secrets;
}
