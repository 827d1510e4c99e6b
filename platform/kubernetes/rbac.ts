import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedWorkload } from "../types";
import type { Placement } from "./placement";
import { labelsFor } from "./labels";

/** The identity a workload's pods run as, with its API access. */
export interface WorkloadIdentity {
  readonly serviceAccountName: pulumi.Output<string>;
  readonly resources: pulumi.Resource[];
}

/**
 * A ServiceAccount per workload, so that API access is granted to exactly
 * the workload that needs it. Its token is mounted only when the workload
 * reads the API (`kubernetesApi`); those workloads also get a ClusterRole
 * with their rules and a binding to the account. The ClusterRole and binding
 * are cluster-wide, so they are auto-named: two stacks in one cluster never
 * collide.
 */
export function createIdentity(name: string, workload: ResolvedWorkload, placement: Placement): WorkloadIdentity {
  const labels = labelsFor(workload.role);
  const account = new k8s.core.v1.ServiceAccount(
    `${name}-serviceaccount`,
    {
      metadata: { name: workload.role, namespace: placement.namespace, labels },
      automountServiceAccountToken: workload.kubernetesApi !== undefined,
    },
    placement.opts,
  );
  const resources: pulumi.Resource[] = [account];
  if (workload.kubernetesApi) {
    const role = new k8s.rbac.v1.ClusterRole(
      `${name}-clusterrole`,
      {
        metadata: { labels },
        rules: workload.kubernetesApi.rules.map((rule) => ({
          ...(rule.apiGroups ? { apiGroups: [...rule.apiGroups] } : {}),
          ...(rule.resources ? { resources: [...rule.resources] } : {}),
          ...(rule.nonResourceURLs ? { nonResourceURLs: [...rule.nonResourceURLs] } : {}),
          verbs: [...rule.verbs],
        })),
      },
      placement.opts,
    );
    const binding = new k8s.rbac.v1.ClusterRoleBinding(
      `${name}-clusterrolebinding`,
      {
        metadata: { labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name },
        subjects: [{ kind: "ServiceAccount", name: account.metadata.name, namespace: placement.namespace }],
      },
      placement.opts,
    );
    resources.push(role, binding);
  }
  return { serviceAccountName: account.metadata.name, resources };
}
