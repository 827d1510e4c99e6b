import type { MetricFamily } from "./types";

/**
 * node-exporter's metrics (v1.9, Linux collectors enabled by default) that
 * the node pack's rules and the "Nodes and containers" dashboard read. The
 * stack scrapes them with the job `node-exporter`: the Docker host, or every
 * Kubernetes node through the DaemonSet (`instance` = node name).
 */

/** Who exposes them. */
const source = "node-exporter";

/** Labels of every filesystem family (collector `filesystem`). */
const filesystemLabels = ["device", "fstype", "mountpoint"] as const;

/** Space, inodes and mount state per mounted filesystem. */
export const nodeFilesystemMetrics: readonly MetricFamily[] = [
  {
    name: "node_filesystem_avail_bytes",
    type: "gauge",
    help: "Filesystem space available to non-root users in bytes.",
    labels: filesystemLabels,
    source,
  },
  {
    name: "node_filesystem_size_bytes",
    type: "gauge",
    help: "Filesystem size in bytes.",
    labels: filesystemLabels,
    source,
  },
  {
    name: "node_filesystem_files",
    type: "gauge",
    help: "Filesystem total file nodes.",
    labels: filesystemLabels,
    source,
  },
  {
    name: "node_filesystem_files_free",
    type: "gauge",
    help: "Filesystem total free file nodes.",
    labels: filesystemLabels,
    source,
  },
  {
    name: "node_filesystem_readonly",
    type: "gauge",
    help: "Filesystem read-only status.",
    labels: filesystemLabels,
    source,
  },
];

/** Memory from /proc/meminfo (collector `meminfo`); one gauge per field, no labels. */
export const nodeMemoryMetrics: readonly MetricFamily[] = [
  {
    name: "node_memory_MemAvailable_bytes",
    type: "gauge",
    help: "Memory information field MemAvailable_bytes.",
    labels: [],
    source,
  },
  {
    name: "node_memory_MemTotal_bytes",
    type: "gauge",
    help: "Memory information field MemTotal_bytes.",
    labels: [],
    source,
  },
];

/** CPU time and load average (collectors `cpu`, `loadavg`). */
export const nodeCpuMetrics: readonly MetricFamily[] = [
  {
    name: "node_cpu_seconds_total",
    type: "counter",
    help: "Seconds the CPUs spent in each mode.",
    labels: ["cpu", "mode"],
    source,
  },
  { name: "node_load1", type: "gauge", help: "1m load average.", labels: [], source },
  { name: "node_load15", type: "gauge", help: "15m load average.", labels: [], source },
];

/** Block devices (collector `diskstats`; partitions, loop and ram devices are excluded by default). */
export const nodeDiskMetrics: readonly MetricFamily[] = [
  {
    name: "node_disk_io_time_seconds_total",
    type: "counter",
    help: "Total seconds spent doing I/Os.",
    labels: ["device"],
    source,
  },
];

/** Network interfaces (collector `netdev`). */
export const nodeNetworkMetrics: readonly MetricFamily[] = [
  {
    name: "node_network_receive_bytes_total",
    type: "counter",
    help: "Network device statistic receive_bytes.",
    labels: ["device"],
    source,
  },
  {
    name: "node_network_transmit_bytes_total",
    type: "counter",
    help: "Network device statistic transmit_bytes.",
    labels: ["device"],
    source,
  },
];

/** The kernel's clock discipline state from adjtimex(2) (collector `timex`). */
export const nodeTimexMetrics: readonly MetricFamily[] = [
  {
    name: "node_timex_offset_seconds",
    type: "gauge",
    help: "Time offset in between local system and reference clock.",
    labels: [],
    source,
  },
  {
    name: "node_timex_sync_status",
    type: "gauge",
    help: "Is clock synchronized to a reliable server (1 = yes, 0 = no).",
    labels: [],
    source,
  },
  {
    name: "node_timex_maxerror_seconds",
    type: "gauge",
    help: "Maximum error in seconds.",
    labels: [],
    source,
  },
];

/** Every node-exporter family above. */
export const nodeExporterMetrics: readonly MetricFamily[] = [
  ...nodeFilesystemMetrics,
  ...nodeMemoryMetrics,
  ...nodeCpuMetrics,
  ...nodeDiskMetrics,
  ...nodeNetworkMetrics,
  ...nodeTimexMetrics,
];
