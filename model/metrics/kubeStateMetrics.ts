import type { MetricFamily } from "./types";

/**
 * kube-state-metrics (v2.15) families that the kubernetes pack's rules read:
 * the state of Kubernetes objects as the API server holds it, one series
 * per object (and per state label value). Scraped by the job
 * `kube-state-metrics` with `honor_labels`, so `namespace`, `pod` and the
 * like are the objects' own. The exporter watches only the resources the
 * stack grants it (model/exporters/kubeStateMetrics.ts), which include every
 * kind below.
 */

/** Who exposes them. */
const source = "kube-state-metrics";

/** Pods and their containers. */
export const kubePodMetrics: readonly MetricFamily[] = [
  {
    // One series per (pod, phase): 1 for the current phase, 0 for the others.
    name: "kube_pod_status_phase",
    type: "gauge",
    help: "The pods current phase.",
    labels: ["namespace", "pod", "uid", "phase"],
    source,
  },
  {
    // condition = true|false|unknown: the status of the pod's Ready condition.
    name: "kube_pod_status_ready",
    type: "gauge",
    help: "Describes whether the pod is ready to serve requests.",
    labels: ["namespace", "pod", "uid", "condition"],
    source,
  },
  {
    // Only exposed while the container waits, with the reason it waits for.
    name: "kube_pod_container_status_waiting_reason",
    type: "gauge",
    help: "Describes the reason the container is currently in waiting state.",
    labels: ["namespace", "pod", "uid", "container", "reason"],
    source,
  },
  {
    name: "kube_pod_container_status_last_terminated_reason",
    type: "gauge",
    help: "Describes the last reason the container was in terminated state.",
    labels: ["namespace", "pod", "uid", "container", "reason"],
    source,
  },
  {
    name: "kube_pod_container_status_restarts_total",
    type: "counter",
    help: "The number of container restarts per container.",
    labels: ["namespace", "pod", "uid", "container"],
    source,
  },
];

/** Deployments, StatefulSets and DaemonSets. */
export const kubeWorkloadMetrics: readonly MetricFamily[] = [
  {
    name: "kube_deployment_status_replicas_unavailable",
    type: "gauge",
    help: "The number of unavailable replicas per deployment.",
    labels: ["namespace", "deployment"],
    source,
  },
  {
    name: "kube_deployment_status_observed_generation",
    type: "gauge",
    help: "The generation observed by the deployment controller.",
    labels: ["namespace", "deployment"],
    source,
  },
  {
    name: "kube_deployment_metadata_generation",
    type: "gauge",
    help: "Sequence number representing a specific generation of the desired state.",
    labels: ["namespace", "deployment"],
    source,
  },
  {
    name: "kube_statefulset_replicas",
    type: "gauge",
    help: "Number of desired pods for a StatefulSet.",
    labels: ["namespace", "statefulset"],
    source,
  },
  {
    name: "kube_statefulset_status_replicas_ready",
    type: "gauge",
    help: "The number of ready replicas per StatefulSet.",
    labels: ["namespace", "statefulset"],
    source,
  },
  {
    name: "kube_statefulset_status_observed_generation",
    type: "gauge",
    help: "The generation observed by the StatefulSet controller.",
    labels: ["namespace", "statefulset"],
    source,
  },
  {
    name: "kube_statefulset_metadata_generation",
    type: "gauge",
    help: "Sequence number representing a specific generation of the desired state for the StatefulSet.",
    labels: ["namespace", "statefulset"],
    source,
  },
  {
    name: "kube_daemonset_status_desired_number_scheduled",
    type: "gauge",
    help: "The number of nodes that should be running the daemon pod.",
    labels: ["namespace", "daemonset"],
    source,
  },
  {
    name: "kube_daemonset_status_current_number_scheduled",
    type: "gauge",
    help: "The number of nodes running at least one daemon pod and are supposed to.",
    labels: ["namespace", "daemonset"],
    source,
  },
  {
    name: "kube_daemonset_status_number_misscheduled",
    type: "gauge",
    help: "The number of nodes running a daemon pod but are not supposed to.",
    labels: ["namespace", "daemonset"],
    source,
  },
];

/** Jobs. */
export const kubeJobMetrics: readonly MetricFamily[] = [
  {
    // Exposed once the Job has a Failed condition; condition = its status.
    name: "kube_job_failed",
    type: "gauge",
    help: "The job has failed its execution.",
    labels: ["namespace", "job_name", "condition"],
    source,
  },
];

/** PersistentVolumeClaims. */
export const kubeStorageMetrics: readonly MetricFamily[] = [
  {
    // One series per (claim, phase): Pending, Bound or Lost.
    name: "kube_persistentvolumeclaim_status_phase",
    type: "gauge",
    help: "The phase the persistent volume claim is currently in.",
    labels: ["namespace", "persistentvolumeclaim", "phase"],
    source,
  },
];

/** Every kube-state-metrics family above. */
export const kubeStateMetrics: readonly MetricFamily[] = [
  ...kubePodMetrics,
  ...kubeWorkloadMetrics,
  ...kubeJobMetrics,
  ...kubeStorageMetrics,
];
