import { jobNames } from "../jobNames";
import type { MetricFamily } from "./types";

/**
 * The kubelet's volume statistics, scraped by the job `kubernetes-kubelet`
 * through the API server's node proxy (only `kubelet_volume_stats_*` are
 * kept). One series per mounted PersistentVolumeClaim, labelled with the
 * claim's namespace and name; volumes without a filesystem (raw block) and
 * some CSI drivers report none.
 */
const source = jobNames.kubeletVolumes;
const labels = ["namespace", "persistentvolumeclaim"];

export const kubeletVolumeMetrics: readonly MetricFamily[] = [
  {
    name: "kubelet_volume_stats_capacity_bytes",
    type: "gauge",
    help: "Capacity in bytes of the volume.",
    labels,
    source,
  },
  {
    name: "kubelet_volume_stats_available_bytes",
    type: "gauge",
    help: "Number of available bytes in the volume.",
    labels,
    source,
  },
  {
    name: "kubelet_volume_stats_inodes",
    type: "gauge",
    help: "Maximum number of inodes in the volume.",
    labels,
    source,
  },
  {
    name: "kubelet_volume_stats_inodes_free",
    type: "gauge",
    help: "Number of free inodes in the volume.",
    labels,
    source,
  },
];
