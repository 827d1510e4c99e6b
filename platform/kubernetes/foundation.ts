import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { hostNamespace } from "../../model/addresses";
import type { ResolvedSettings } from "../../settings/validate";
import type { Foundation } from "../types";
import { partOf } from "./labels";

/** Pod Security Admission levels (https://kubernetes.io/docs/concepts/security/pod-security-admission/). */
type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/**
 * Namespace labels that make Pod Security Admission enforce `level`, and
 * audit and warn at the same level so `kubectl apply` reports what would be
 * rejected. `latest`: the policy follows the cluster's version.
 */
export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ["enforce", "audit", "warn"]) {
    labels[`pod-security.kubernetes.io/${mode}`] = level;
    labels[`pod-security.kubernetes.io/${mode}-version`] = "latest";
  }
  return labels;
}

function namespaceLabels(level: PodSecurityLevel): Record<string, string> {
  return { ...podSecurityLabels(level), "app.kubernetes.io/part-of": partOf, "app.kubernetes.io/managed-by": "pulumi" };
}

/**
 * The stack's namespaces and their default-deny ingress policies:
 * - `kubernetes.namespace`, enforcing the `restricted` Pod Security Standard,
 *   where every workload runs unless it needs the host;
 * - `<namespace>-host`, admitting privileged pods, for the workloads with
 *   host access (node-exporter reads the host's /proc, /sys and root
 *   filesystem through hostPath volumes, which `restricted` forbids): the
 *   documented exception, kept apart so the main namespace stays restricted.
 *
 * Both names are fixed: the model's DNS names (`<role>.<ns>.svc`) contain
 * them. Resources use the ambient Kubernetes provider, which users configure
 * with `kubernetes:*` stack config (context, `renderYamlToDirectory`).
 */
export function createFoundation(name: string, settings: ResolvedSettings, parent: pulumi.Resource): Foundation {
  const main = new k8s.core.v1.Namespace(
    `${name}-namespace`,
    { metadata: { name: settings.kubernetes.namespace, labels: namespaceLabels("restricted") } },
    { parent },
  );
  const host = new k8s.core.v1.Namespace(
    `${name}-host-namespace`,
    { metadata: { name: hostNamespace(settings), labels: namespaceLabels("privileged") } },
    { parent },
  );
  const denyMain = defaultDenyIngress(`${name}-default-deny`, main, parent);
  const denyHost = defaultDenyIngress(`${name}-host-default-deny`, host, parent);
  return { scope: main.metadata.name, dependsOn: [main, host, denyMain, denyHost] };
}

/**
 * Closes every pod of the namespace to incoming connections; each workload's
 * own policy then opens exactly the ports its `allowFrom` names.
 */
function defaultDenyIngress(
  resourceName: string,
  namespace: k8s.core.v1.Namespace,
  parent: pulumi.Resource,
): k8s.networking.v1.NetworkPolicy {
  return new k8s.networking.v1.NetworkPolicy(
    resourceName,
    {
      metadata: {
        name: "default-deny-ingress",
        namespace: namespace.metadata.name,
        labels: { "app.kubernetes.io/part-of": partOf, "app.kubernetes.io/managed-by": "pulumi" },
      },
      spec: { podSelector: {}, policyTypes: ["Ingress"] },
    },
    { parent },
  );
}
