import type { ResourceValidationPolicy } from "@pulumi/policy";
import { environmentConfigSchema, environmentOf } from "../environment";
import { flagValues } from "../shapes/flags";
import { at, type JsonObject } from "../shapes/json";
import {
  commandLine,
  describeObject,
  isWorkloadType,
  kubernetesTypes,
  objectName,
  podSpecOf,
  roleContainer,
  workloadRole,
} from "../shapes/kubernetes";

/**
 * High availability in prod: two Prometheus replicas scrape the same targets
 * (one can restart or move while the other keeps recording and alerting), and
 * three Alertmanagers form a gossip cluster that survives the loss of one
 * and deduplicates notifications. A cluster only forms when every replica is
 * named as a peer.
 */

/** Minimum replicas per role in prod. */
export const minimumReplicas = { prometheus: 2, alertmanager: 3 } as const;

type HaRole = keyof typeof minimumReplicas;

/** The host of a `--cluster.peer` value (`host:port`). */
function peerHost(peer: string): string {
  return peer.replace(/:\d+$/, "");
}

/** Problems with a prod workload's replicas and peers. */
export function replicaProblems(type: string, props: JsonObject): string[] {
  const role = workloadRole(props, Object.keys(minimumReplicas)) as HaRole | undefined;
  if (role === undefined) return [];
  const replicasValue = at(props, "spec", "replicas");
  // The API server defaults an unset replica count to 1.
  const replicas = typeof replicasValue === "number" ? replicasValue : 1;
  const problems: string[] = [];
  if (replicas < minimumReplicas[role]) {
    problems.push(`${role} needs at least ${minimumReplicas[role]} replicas in prod (got ${replicas})`);
  }
  if (role !== "alertmanager") return problems;
  const container = roleContainer(podSpecOf(type, props) ?? {}, role);
  const peers = flagValues(container === undefined ? [] : commandLine(container), "cluster.peer");
  const name = objectName(props);
  if (type === kubernetesTypes.statefulSet && name !== undefined) {
    // StatefulSet pods are `<name>-<ordinal>`: each must be reachable as a peer.
    const missing = Array.from({ length: replicas }, (_, ordinal) => `${name}-${ordinal}`).filter(
      (pod) => !peers.some((peer) => peerHost(peer) === pod || peerHost(peer).startsWith(`${pod}.`)),
    );
    if (missing.length > 0) {
      problems.push(`alertmanager args need a --cluster.peer for every replica; missing ${missing.join(", ")}`);
    }
  } else if (peers.length < replicas) {
    problems.push(`alertmanager args need a --cluster.peer per replica (${replicas}); got ${peers.length}`);
  }
  return problems;
}

export const replicasForHighAvailability: ResourceValidationPolicy = {
  name: "replicas-for-high-availability",
  description:
    "In prod, Prometheus runs at least 2 replicas and Alertmanager at least 3, with a --cluster.peer for each replica.",
  enforcementLevel: "mandatory",
  configSchema: environmentConfigSchema,
  validateResource: (args, reportViolation) => {
    if (environmentOf(args) !== "prod" || !isWorkloadType(args.type)) return;
    for (const problem of replicaProblems(args.type, args.props)) {
      reportViolation(`${describeObject(args.type, args.props, args.name)}: ${problem}`);
    }
  },
};
