import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedSettings } from "../../settings/validate";
import type { ResolvedWorkload } from "../types";
import type { Placement } from "./placement";
import { labelsFor } from "./labels";

/** The Ingress of a workload's UI and the URL it serves. */
export interface UiIngress {
  readonly ingress: k8s.networking.v1.Ingress;
  readonly url: pulumi.Output<string>;
}

/**
 * The `tls` section of an Ingress for the given hosts, by TLS mode. With
 * `none` the stack does not manage certificates (the controller's default
 * certificate, if any, applies) and the section is left out; the modes that
 * issue certificates fill it in here.
 */
export function ingressTls(
  tls: ResolvedSettings["tls"],
  hosts: readonly string[],
): k8s.types.input.networking.v1.IngressTLS[] | undefined {
  switch (tls.mode) {
    case "none":
      // Nothing to issue: the hosts matter to the certificate-issuing modes only.
      void hosts;
      return undefined;
    default:
      throw new Error(`Ingress TLS for tls.mode ${tls.mode} is not built yet`);
  }
}

/**
 * An Ingress for the workload's UI when it has one and Ingress is enabled,
 * routing `ui.host` to the Service port the UI listens on.
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
  const tls = ingressTls(settings.tls, [ui.host]);
  const ingress = new k8s.networking.v1.Ingress(
    `${name}-ingress`,
    {
      metadata: {
        name: workload.role,
        namespace: placement.namespace,
        labels: labelsFor(workload.role),
        annotations: { ...ingressSettings.annotations },
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
  return { ingress, url };
}
