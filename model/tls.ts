import type { StackSettings } from "../settings/schema";
import { headlessServiceName, hostNamespace, roles, uiHost, type TlsRole, type UiRole } from "./addresses";
import { secretToken } from "./secrets";
import type { FileSpec, Workload } from "./workload";
import { targetTraits } from "./targetTraits";

/**
 * Where a role's TLS material lives and how it gets there. Every role that
 * serves TLS reads `tls.crt`, `tls.key` and `ca.crt` from `tlsDir(role)`:
 * - selfSigned: the model ships the three files, their content the secret
 *   tokens below, which the stack fills from the certificates it made;
 * - certManager / provided (Kubernetes only): the platform mounts the
 *   role's `kubernetes.io/tls` Secret (`tlsSecretName`) at the same place.
 */

/** File names inside a role's TLS directory (the `kubernetes.io/tls` keys). */
export const tlsFileNames = { cert: "tls.crt", key: "tls.key", ca: "ca.crt" } as const;

/** Directory of a role's TLS files inside its container. */
export function tlsDir(role: string): string {
  return `/etc/tls/${role}`;
}

/** Absolute paths of a role's certificate, key and CA certificate. */
export function tlsPaths(role: string): { cert: string; key: string; ca: string } {
  const dir = tlsDir(role);
  return { cert: `${dir}/${tlsFileNames.cert}`, key: `${dir}/${tlsFileNames.key}`, ca: `${dir}/${tlsFileNames.ca}` };
}

/** Secret-dictionary key of the stack CA's certificate (selfSigned). */
export const caCertSecretKey = "tlsCaCert";

/** Secret-dictionary keys of a role's certificate and key (selfSigned). */
export function tlsSecretKeys(role: string): { cert: string; key: string } {
  const camel = role.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
  const suffix = camel.charAt(0).toUpperCase() + camel.slice(1);
  return { cert: `tlsCert${suffix}`, key: `tlsKey${suffix}` };
}

/** Name of the Secret holding a role's certificate on Kubernetes (certManager, provided). */
export function tlsSecretName(settings: Pick<StackSettings, "tls">, role: TlsRole): string {
  return settings.tls.mode === "provided" ? (settings.tls.secrets[role] ?? `${role}-tls`) : `${role}-tls`;
}

/** True when the stack serves TLS inside the network or cluster. */
export function tlsEnabled(settings: Pick<StackSettings, "tls">): boolean {
  return settings.tls.mode !== "none";
}

/**
 * How a role receives its TLS material: files to ship (selfSigned) or a
 * Secret to mount (certManager, provided); nothing when TLS is off.
 */
export function tlsDelivery(
  settings: Pick<StackSettings, "tls">,
  role: TlsRole,
): Pick<Workload, "files" | "tlsSecret"> {
  if (settings.tls.mode === "none") return { files: [] };
  if (settings.tls.mode === "selfSigned") {
    const keys = tlsSecretKeys(role);
    const paths = tlsPaths(role);
    const files: FileSpec[] = [
      { path: paths.cert, content: secretToken(keys.cert), secretEscaping: "raw" },
      { path: paths.key, content: secretToken(keys.key), secretEscaping: "raw" },
      { path: paths.ca, content: secretToken(caCertSecretKey), secretEscaping: "raw" },
    ];
    return { files };
  }
  return { files: [], tlsSecret: { secretName: tlsSecretName(settings, role), mountPath: tlsDir(role) } };
}

/**
 * Every DNS name a role is reached by on its target, for certificate SANs:
 * the short name and network alias, the Service's names, each replica's
 * stable name, the Ingress host of a UI, and localhost for probes.
 */
export function tlsDnsNames(
  settings: Pick<StackSettings, "target" | "kubernetes">,
  role: string,
  replicas: number,
): string[] {
  const names = new Set<string>([role, "localhost"]);
  if (!targetTraits(settings).roleAliases) {
    // node-exporter runs apart, in the host namespace (model/addresses.ts).
    const namespace = role === roles.nodeExporter ? hostNamespace(settings) : settings.kubernetes.namespace;
    names.add(`${role}.${namespace}`);
    names.add(`${role}.${namespace}.svc`);
    names.add(`${role}.${namespace}.svc.cluster.local`);
    for (let index = 0; index < replicas; index++) {
      names.add(`${role}-${index}.${headlessServiceName(role)}.${namespace}.svc`);
      names.add(`${role}-${index}.${headlessServiceName(role)}.${namespace}.svc.cluster.local`);
    }
    // A UI's Ingress host; the Jaeger UI's host belongs to the proxy in front of it.
    const uiRole = role === "jaeger-proxy" ? "jaeger" : role;
    if (["grafana", "prometheus", "alertmanager", "jaeger"].includes(uiRole) && settings.kubernetes.ingress.enabled) {
      names.add(uiHost(settings, uiRole as UiRole));
    }
  }
  return [...names];
}

/** True when a workload serves TLS: it carries its TLS material as files or as a mounted Secret. */
export function servesTls(
  workload: Pick<Workload, "role" | "tlsSecret"> & { readonly files: readonly { readonly path: string }[] },
): boolean {
  const certPath = tlsPaths(workload.role).cert;
  return workload.tlsSecret !== undefined || workload.files.some((file) => file.path === certPath);
}
