import type { MetricFamily } from "./types";

/**
 * cAdvisor's per-container metrics that the containers pack's rules and the
 * "Nodes and containers" dashboard read. Two jobs expose the same families:
 * `cadvisor` (cAdvisor v0.52 in its own container on Docker, started with
 * `--docker_only --store_container_labels=false`) and `kubernetes-cadvisor`
 * (the kubelet's embedded cAdvisor on Kubernetes).
 *
 * The labels listed are those every sample carries on both: `id` (cgroup
 * path), `name` and `image` (empty on cgroups that are not containers).
 * The kubelet adds `container`, `pod` and `namespace` on every sample (empty
 * outside pods) and sets `name` to a runtime id; Docker's cAdvisor has no
 * such labels, so they are optional labels: queries may match on them, and
 * the metrics gate does not ask a Docker endpoint for them.
 */

/** The Docker job; the Kubernetes job `kubernetes-cadvisor` exposes the same families. */
const source = "cadvisor";

/** Labels of every container family on both jobs. */
const containerLabels = ["id", "image", "name"] as const;

/** Labels the kubelet's cAdvisor adds to every container family (empty outside pods); Docker's has none. */
const kubeletLabels = ["container", "namespace", "pod"] as const;

/** CPU time used. */
export const cadvisorCpuUsageMetrics: readonly MetricFamily[] = [
  {
    // Per-CPU accounting is disabled on both, so `cpu` is always "total".
    name: "container_cpu_usage_seconds_total",
    type: "counter",
    help: "Cumulative cpu time consumed in seconds.",
    labels: ["cpu", ...containerLabels],
    optionalLabels: kubeletLabels,
    source,
  },
];

/** CFS quota enforcement: only containers with a CPU limit have these. */
export const cadvisorCpuThrottlingMetrics: readonly MetricFamily[] = [
  {
    name: "container_cpu_cfs_periods_total",
    type: "counter",
    help: "Number of elapsed enforcement period intervals.",
    labels: containerLabels,
    optionalLabels: kubeletLabels,
    source,
  },
  {
    name: "container_cpu_cfs_throttled_periods_total",
    type: "counter",
    help: "Number of throttled period intervals.",
    labels: containerLabels,
    optionalLabels: kubeletLabels,
    source,
  },
];

/** Memory use against the limit. */
export const cadvisorMemoryMetrics: readonly MetricFamily[] = [
  {
    name: "container_memory_working_set_bytes",
    type: "gauge",
    help: "Current working set in bytes.",
    labels: containerLabels,
    optionalLabels: kubeletLabels,
    source,
  },
  {
    // 0 when the container has no limit.
    name: "container_spec_memory_limit_bytes",
    type: "gauge",
    help: "Memory limit for the container.",
    labels: containerLabels,
    optionalLabels: kubeletLabels,
    source,
  },
];

/** OOM kills cAdvisor reads from the kernel log (metric set `oom_event`, which the stack's flags and the kubelet leave on). */
export const cadvisorOomMetrics: readonly MetricFamily[] = [
  {
    name: "container_oom_events_total",
    type: "counter",
    help: "Count of out of memory events observed for the container",
    labels: containerLabels,
    optionalLabels: kubeletLabels,
    source,
  },
];
