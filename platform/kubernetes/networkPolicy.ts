import * as k8s from "@pulumi/kubernetes";
import { hostNamespace } from "../../model/addresses";
import type { AllowRule, PortSpec } from "../../model/workload";
import type { ResolvedSettings } from "../../settings/validate";
import type { ResolvedWorkload } from "../types";
import type { Placement } from "./placement";
import { labelsFor, nameLabel, namespaceNameLabel, selectorFor } from "./labels";

type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;
type IngressRule = k8s.types.input.networking.v1.NetworkPolicyIngressRule;

/**
 * Who may connect to a workload, as the NetworkPolicy peer for one entry of
 * `allowFrom`:
 * - a role: pods with that name label in either of the stack's namespaces.
 *   A role may run in the host namespace (node-exporter) or talk to it
 *   (Prometheus scraping node-exporter), and the workload does not know
 *   where its peers run, so both namespaces are admitted; the name label is
 *   unique per role across them, and other namespaces stay out.
 * - `ingress`: any pod of the Ingress controller's namespace.
 * - `cluster`: any pod in any namespace (apps sending OTLP).
 */
export function policyPeer(source: string, settings: ResolvedSettings): Peer {
  if (source === "cluster") return { namespaceSelector: {} };
  if (source === "ingress") {
    return {
      namespaceSelector: { matchLabels: { [namespaceNameLabel]: settings.kubernetes.ingress.controllerNamespace } },
    };
  }
  return {
    namespaceSelector: {
      matchExpressions: [
        {
          key: namespaceNameLabel,
          operator: "In",
          values: [settings.kubernetes.namespace, hostNamespace(settings)],
        },
      ],
    },
    podSelector: { matchLabels: { [nameLabel]: source } },
  };
}

/** The ingress rules of a workload's policy, one per `allowFrom` entry. */
export function ingressRules(
  allowFrom: readonly AllowRule[],
  ports: readonly PortSpec[],
  settings: ResolvedSettings,
): IngressRule[] {
  return allowFrom.map((rule) => ({
    from: rule.from.map((source) => policyPeer(source, settings)),
    ports: rule.ports.map((portName) => {
      // checkWorkload has made sure every name is one of the ports.
      const port = ports.find((candidate) => candidate.name === portName);
      if (port === undefined) throw new Error(`allowFrom names unknown port '${portName}'`);
      // By number: a named port in a policy matches only pods that declare
      // that name, which is true here but not worth depending on.
      return { port: port.port, protocol: port.protocol ?? "TCP" };
    }),
  }));
}

/**
 * The NetworkPolicy that opens a workload's ports to the sources its
 * `allowFrom` names; everything else stays closed by the namespace's
 * default-deny policy.
 */
export function createNetworkPolicy(
  name: string,
  workload: ResolvedWorkload,
  settings: ResolvedSettings,
  placement: Placement,
): k8s.networking.v1.NetworkPolicy {
  return new k8s.networking.v1.NetworkPolicy(
    `${name}-networkpolicy`,
    {
      metadata: { name: workload.role, namespace: placement.namespace, labels: labelsFor(workload.role) },
      spec: {
        podSelector: { matchLabels: selectorFor(workload.role) },
        policyTypes: ["Ingress"],
        ingress: ingressRules(workload.allowFrom, workload.ports, settings),
      },
    },
    placement.opts,
  );
}
