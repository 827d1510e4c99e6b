import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { isTlsRole, serviceHost, tlsRoles, type TlsRole } from "../../model/addresses";
import { servesTls, tlsFileNames, tlsPaths, tlsSecretName } from "../../model/tls";
import type { ResolvedSettings } from "../../settings/validate";
import type { ResolvedWorkload } from "../types";
import type { Placement } from "./placement";
import { labelsFor } from "./labels";

/**
 * The Ingress in front of a UI, and the TLS on both of its sides:
 *
 * - browser → Ingress: by tls.mode. `none` leaves the section out (the
 *   controller's default certificate, if any, applies); `certManager` names a
 *   Secret `<role>-ingress-tls` and annotates the Ingress with the issuer, so
 *   cert-manager's ingress-shim issues the certificate for the UI host;
 *   `provided` uses the role's provided Secret (its certificate must cover
 *   the UI host); `selfSigned` gets a `kubernetes.io/tls` Secret made here
 *   from the workload's own certificate, whose SANs include the UI host
 *   (browsers trust it only once the stack's CA is imported).
 * - Ingress → pod: a workload that serves TLS (it carries its TLS material,
 *   model/tls.ts) is proxied over HTTPS with the certificate verified
 *   against the stack's CA under the Service's name. The annotations are
 *   ingress-nginx's; another controller needs its own equivalent, set
 *   through `kubernetes.ingress.annotations` (e.g. Traefik reads
 *   `traefik.ingress.kubernetes.io/service.serversscheme` on the Service).
 */

/** The Ingress of a workload's UI and the URL it serves. */
export interface UiIngress {
  readonly ingress: k8s.networking.v1.Ingress;
  /** The Secret made for the Ingress (selfSigned only). */
  readonly secret?: k8s.core.v1.Secret;
  readonly url: pulumi.Output<string>;
}

/** Name of the Secret cert-manager's ingress-shim fills with a UI's certificate. */
export function ingressCertificateSecretName(role: string): string {
  return `${role}-ingress-tls`;
}

function asTlsRole(role: string): TlsRole {
  if (!isTlsRole(role)) {
    throw new Error(`the UI of '${role}' cannot be served with TLS: it is not one of ${tlsRoles.join(", ")}`);
  }
  return role;
}

/**
 * The `tls` section of a UI's Ingress, by TLS mode; undefined with `none`.
 * @param selfSignedSecretName the Secret made by `createIngressTlsSecret`, required for selfSigned.
 */
export function ingressTls(
  settings: Pick<ResolvedSettings, "tls">,
  role: string,
  hosts: readonly string[],
  selfSignedSecretName?: pulumi.Input<string>,
): k8s.types.input.networking.v1.IngressTLS[] | undefined {
  const tls = settings.tls;
  switch (tls.mode) {
    case "none":
      return undefined;
    case "certManager":
      return [{ hosts: [...hosts], secretName: ingressCertificateSecretName(role) }];
    case "provided":
      return [{ hosts: [...hosts], secretName: tlsSecretName(settings, asTlsRole(role)) }];
    case "selfSigned":
      if (selfSignedSecretName === undefined) {
        throw new Error(`the Ingress of '${role}' needs the Secret made from its certificate (tls.mode selfSigned)`);
      }
      return [{ hosts: [...hosts], secretName: selfSignedSecretName }];
  }
}

/**
 * Annotations that make cert-manager issue the Ingress's certificate
 * (certManager only): the issuer by kind, its group for external issuers,
 * and the stack's duration and renewal window.
 */
export function certManagerAnnotations(settings: Pick<ResolvedSettings, "tls">): Record<string, string> {
  const tls = settings.tls;
  if (tls.mode !== "certManager") return {};
  const issuer = tls.issuer;
  const annotations: Record<string, string> = {
    "cert-manager.io/duration": tls.duration,
    "cert-manager.io/renew-before": tls.renewBefore,
  };
  if (issuer.group !== "cert-manager.io") {
    // An external issuer is named with `issuer` plus its kind and group.
    annotations["cert-manager.io/issuer"] = issuer.name;
    annotations["cert-manager.io/issuer-kind"] = issuer.kind;
    annotations["cert-manager.io/issuer-group"] = issuer.group;
  } else if (issuer.kind === "ClusterIssuer") {
    annotations["cert-manager.io/cluster-issuer"] = issuer.name;
  } else {
    annotations["cert-manager.io/issuer"] = issuer.name;
  }
  return annotations;
}

/**
 * ingress-nginx annotations for a backend that serves TLS: HTTPS to the pod,
 * its certificate verified against the CA in `caSecret` (`<ns>/<name>`, a
 * Secret with `ca.crt`) under the Service's name, which its SANs hold.
 */
export function backendTlsAnnotations(
  settings: ResolvedSettings,
  role: string,
  caSecret: pulumi.Input<string>,
): Record<string, pulumi.Input<string>> {
  return {
    "nginx.ingress.kubernetes.io/backend-protocol": "HTTPS",
    "nginx.ingress.kubernetes.io/proxy-ssl-secret": caSecret,
    "nginx.ingress.kubernetes.io/proxy-ssl-verify": "on",
    "nginx.ingress.kubernetes.io/proxy-ssl-name": serviceHost(settings, role),
    "nginx.ingress.kubernetes.io/proxy-ssl-server-name": "on",
  };
}

/**
 * The `kubernetes.io/tls` Secret a selfSigned UI's Ingress serves, from the
 * workload's own certificate, key and CA files (secret Outputs, kept
 * secret). The CA also lets the controller verify the pod behind it.
 * @throws when the workload carries no certificate files.
 */
export function createIngressTlsSecret(
  name: string,
  workload: ResolvedWorkload,
  placement: Placement,
): k8s.core.v1.Secret {
  const paths = tlsPaths(workload.role);
  const content = (path: string): pulumi.Input<string> => {
    const file = workload.files.find((candidate) => candidate.path === path);
    if (file === undefined) {
      throw new Error(
        `the Ingress of '${workload.role}' needs ${path} (tls.mode selfSigned), which the workload does not carry`,
      );
    }
    return pulumi.secret(file.content);
  };
  return new k8s.core.v1.Secret(
    `${name}-ingress-tls`,
    {
      metadata: { namespace: placement.namespace, labels: labelsFor(workload.role) },
      type: "kubernetes.io/tls",
      stringData: {
        [tlsFileNames.cert]: content(paths.cert),
        [tlsFileNames.key]: content(paths.key),
        [tlsFileNames.ca]: content(paths.ca),
      },
    },
    placement.opts,
  );
}

/**
 * An Ingress for the workload's UI when it has one and Ingress is enabled,
 * routing `ui.host` to the Service port the UI listens on, with TLS as
 * described at the top of this file. Annotations from the settings come
 * last, so an operator can override any of ours.
 */
export function createUiIngress(
  name: string,
  workload: ResolvedWorkload,
  settings: ResolvedSettings,
  placement: Placement,
): UiIngress | undefined {
  const ui = workload.ui;
  const ingressSettings = settings.kubernetes.ingress;
  if (ui === undefined || !ingressSettings.enabled) return undefined;
  const secret = settings.tls.mode === "selfSigned" ? createIngressTlsSecret(name, workload, placement) : undefined;
  const tls = ingressTls(settings, workload.role, [ui.host], secret?.metadata.name);
  // The Secret with the CA that signed the pod's certificate: the one made
  // above, or the one the pod mounts (cert-manager's or the provided one).
  const caSecretName = secret?.metadata.name ?? workload.tlsSecret?.secretName;
  const backend =
    servesTls(workload) && caSecretName !== undefined
      ? backendTlsAnnotations(settings, workload.role, pulumi.interpolate`${placement.namespace}/${caSecretName}`)
      : {};
  const ingress = new k8s.networking.v1.Ingress(
    `${name}-ingress`,
    {
      metadata: {
        name: workload.role,
        namespace: placement.namespace,
        labels: labelsFor(workload.role),
        annotations: { ...certManagerAnnotations(settings), ...backend, ...ingressSettings.annotations },
      },
      spec: {
        ingressClassName: ingressSettings.className,
        rules: [
          {
            host: ui.host,
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: workload.role, port: { name: ui.port } } },
                },
              ],
            },
          },
        ],
        ...(tls === undefined ? {} : { tls }),
      },
    },
    placement.opts,
  );
  // Derived from the Ingress so the URL is only reported once it exists.
  // https even without managed TLS: controllers serve 443 with their default
  // certificate, and the UIs must not be reached over plain HTTP.
  const url = ingress.metadata.apply(() => `https://${ui.host}/`);
  return secret ? { ingress, secret, url } : { ingress, url };
}
