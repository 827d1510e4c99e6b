import * as k8s from "@pulumi/kubernetes";
import type { ResolvedWorkload } from "../types";
import type { Placement } from "./placement";
import { labelsFor, selectorFor } from "./labels";

/**
 * A PodDisruptionBudget that lets node drains take one replica at a time, so
 * a replicated workload (Prometheus pair, Alertmanager cluster) keeps serving
 * through cluster maintenance. Single replicas get none: a budget would
 * block every drain. DaemonSets get none: a drain does not evict them.
 */
export function createDisruptionBudget(
  name: string,
  workload: ResolvedWorkload,
  placement: Placement,
): k8s.policy.v1.PodDisruptionBudget | undefined {
  if (workload.kind === "perNode" || workload.replicas <= 1) return undefined;
  return new k8s.policy.v1.PodDisruptionBudget(
    `${name}-pdb`,
    {
      metadata: { name: workload.role, namespace: placement.namespace, labels: labelsFor(workload.role) },
      spec: { maxUnavailable: 1, selector: { matchLabels: selectorFor(workload.role) } },
    },
    placement.opts,
  );
}
