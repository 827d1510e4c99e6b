/**
 * The recommended `app.kubernetes.io/*` labels. The name label alone selects
 * a workload's pods (Services, NetworkPolicies, PDBs, anti-affinity): it is
 * unique per role within the stack's namespaces and never changes, whereas a
 * selector is immutable on Deployments and StatefulSets, so it must not carry
 * anything that might (a version, a stack name).
 */

/** Label whose value is the workload's role. */
export const nameLabel = "app.kubernetes.io/name";

/** Value of `app.kubernetes.io/part-of` on every object of the stack. */
export const partOf = "observability-stack";

/** Labels every object of a role carries. */
export function labelsFor(role: string): Record<string, string> {
  return {
    [nameLabel]: role,
    "app.kubernetes.io/part-of": partOf,
    "app.kubernetes.io/managed-by": "pulumi",
  };
}

/** The labels that select a role's pods. */
export function selectorFor(role: string): Record<string, string> {
  return { [nameLabel]: role };
}

/** Label the API server sets on every namespace (Kubernetes 1.21+), holding its name. */
export const namespaceNameLabel = "kubernetes.io/metadata.name";
