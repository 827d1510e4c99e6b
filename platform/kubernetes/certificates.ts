import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { hostNamespace, isTlsRole, roles as stackRoles, tlsRoles, type TlsRole } from "../../model/addresses";
import { tlsDnsNames, tlsSecretName } from "../../model/tls";
import type { ResolvedSettings } from "../../settings/validate";
import type { Foundation } from "../types";
import { labelsFor } from "./labels";

/**
 * cert-manager `Certificate`s for tls.mode certManager: one per TLS role,
 * written by cert-manager into the `kubernetes.io/tls` Secret the role's pods
 * mount (`tlsSecretName`, model/tls.ts). The issuer must sign the cluster's
 * internal names (`<role>.<ns>.svc`, the replicas' headless names) and put
 * its CA into `ca.crt`: a CA, Vault or similar private issuer. A public ACME
 * issuer (Let's Encrypt) can do neither.
 */

/** API version and kind of cert-manager's Certificate. */
export const certificateApiVersion = "cert-manager.io/v1";
export const certificateKind = "Certificate";

/** Usages of every certificate: server, and client for Alertmanager's mutual-TLS gossip. */
export const certificateUsages = ["digital signature", "server auth", "client auth"] as const;

/**
 * Namespace of a role's pods, where its Secret must be: node-exporter, the
 * one role with host access, runs in the host namespace (see foundation.ts).
 */
export function certificateNamespace(settings: ResolvedSettings, role: string): string {
  return role === stackRoles.nodeExporter ? hostNamespace(settings) : settings.kubernetes.namespace;
}

/** The body of one role's Certificate (apiVersion, kind, metadata, spec). */
export function certificateObject(
  settings: ResolvedSettings,
  role: TlsRole,
  replicas: number,
): { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown> } {
  const tls = settings.tls;
  if (tls.mode !== "certManager") {
    throw new Error(`cert-manager Certificates are requested only for tls.mode certManager (got ${tls.mode})`);
  }
  const secretName = tlsSecretName(settings, role);
  return {
    apiVersion: certificateApiVersion,
    kind: certificateKind,
    metadata: {
      // Fixed: named like the Secret it fills, which the pods mount by name.
      name: secretName,
      namespace: certificateNamespace(settings, role),
      labels: labelsFor(role),
    },
    spec: {
      secretName,
      // Labels on the Secret cert-manager writes, so it is found with the rest of the role.
      secretTemplate: { labels: labelsFor(role) },
      commonName: role,
      dnsNames: tlsDnsNames(settings, role, replicas),
      ipAddresses: ["127.0.0.1"],
      duration: tls.duration,
      renewBefore: tls.renewBefore,
      usages: [...certificateUsages],
      // A new key on every renewal: a leaked key is only good until then.
      privateKey: { algorithm: "ECDSA", size: 256, encoding: "PKCS8", rotationPolicy: "Always" },
      issuerRef: { name: tls.issuer.name, kind: tls.issuer.kind, group: tls.issuer.group },
    },
  };
}

/**
 * Requests one Certificate per role, named `${name}-tls-<role>-certificate`
 * and parented to `parent`, after the namespaces exist. Returns them, for
 * workloads to wait on.
 */
export function issueCertificates(
  name: string,
  settings: ResolvedSettings,
  roles: readonly { readonly role: string; readonly replicas: number }[],
  foundation: Foundation,
  parent: pulumi.Resource,
): readonly pulumi.Resource[] {
  return roles.map(({ role, replicas }) => {
    if (!isTlsRole(role)) {
      throw new Error(
        `'${role}' is not a role that serves TLS (${tlsRoles.join(", ")}, or a database exporter); no certificate for it`,
      );
    }
    return new k8s.apiextensions.CustomResource(
      `${name}-tls-${role}-certificate`,
      certificateObject(settings, role, replicas),
      { parent, dependsOn: [...foundation.dependsOn] },
    );
  });
}
