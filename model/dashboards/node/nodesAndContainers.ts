import { DashboardBuilder, DashboardCursorSync } from "@grafana/grafana-foundation-sdk/dashboard";
import { row, statPanel, timeseriesPanel } from "../panels";
import { renderDashboard } from "../render";

/** Stable uid: bookmarks and runbooks link to it. */
export const nodesAndContainersUid = "node-nodes-and-containers";

/** node-exporter's job; its `instance` is the host (Docker) or the node name (Kubernetes). */
const nodeJob = 'job="node-exporter"';

/**
 * Real disks only, as the node pack's filesystem alerts see them: in-memory
 * and image filesystems (tmpfs, overlay, squashfs...) are left out.
 */
const diskFilesystems = `${nodeJob}, fstype!~"tmpfs|ramfs|overlay|squashfs|erofs|iso9660|nsfs|fuse.lxcfs"`;

/** Physical interfaces: loopback, container veths and bridges would count each byte twice. */
const physicalInterfaces = `${nodeJob}, device!~"lo|veth.*|docker.*|br-.*|cali.*|flannel.*|cni.*|virbr.*"`;

/** CPU cores per host, from the idle counter every core has. */
const coresPerInstance = `count by (instance) (node_cpu_seconds_total{${nodeJob}, mode="idle"})`;

/**
 * One series per container under the same labels on Docker and Kubernetes.
 * Docker's cAdvisor names a container only by `name`; the kubelet's adds
 * namespace/pod/container and makes `name` a runtime id. `name` is copied
 * into `container` where the kubelet's labels are missing, then the result
 * is summed by (instance, namespace, pod, container), as the containers
 * pack's recording rules do. `image!=""` keeps real containers; "POD" is
 * Kubernetes' pause sandbox.
 * @param series builds the per-series expression from a label selector.
 * @param aggregation `sum` for amounts; `max` for ratios, which must not add
 *   up when a restarted container briefly has two series.
 */
function perContainer(series: (selector: string) => string, aggregation: "sum" | "max" = "sum"): string {
  const docker = series('image!="", container=""');
  const kubernetes = series('image!="", container!="", container!="POD"');
  return (
    `${aggregation} by (instance, namespace, pod, container) ` +
    `(label_replace(${docker}, "container", "$1", "name", "(.+)") or ${kubernetes})`
  );
}

/** The busiest ten containers of a per-container expression. */
function top10(expr: string): string {
  return `topk(10, ${expr})`;
}

const containerCpu = perContainer(
  (selector) => `rate(container_cpu_usage_seconds_total{${selector}}[$__rate_interval])`,
);
const containerMemory = perContainer((selector) => `container_memory_working_set_bytes{${selector}}`);
const containerMemoryOfLimit = perContainer(
  (selector) =>
    `container_memory_working_set_bytes{${selector}} / (container_spec_memory_limit_bytes{${selector}} > 0)`,
  "max",
);
const containerThrottling =
  perContainer((selector) => `rate(container_cpu_cfs_throttled_periods_total{${selector}}[$__rate_interval])`) +
  " / " +
  perContainer((selector) => `rate(container_cpu_cfs_periods_total{${selector}}[$__rate_interval])`);

/** Container legend: the container, its pod on Kubernetes, and where it runs. */
const containerLegend = "{{container}} {{pod}} ({{instance}})";

/**
 * Hosts and the containers on them, for the node and containers packs:
 * per node CPU, load, memory, filesystems, network and disk time from
 * node-exporter; the ten busiest containers by CPU, memory, memory against
 * the limit and CPU throttling from cAdvisor. Every node shows at once
 * (legend by `instance`): the stack watches a handful of hosts, and a
 * problem host stands out against the others.
 */
export function nodesAndContainers(): Record<string, unknown> {
  const builder = new DashboardBuilder("Nodes and containers")
    .uid(nodesAndContainersUid)
    .description("CPU, memory, disks and network of every host, and the busiest containers on them.")
    .tags(["observability-stack", "node", "containers"])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh("1m")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .withRow(row("Now"))
    .withPanel(
      statPanel({
        title: "Nodes down",
        description: "node-exporter targets whose last scrape failed: hosts nobody is watching (see TargetDown).",
        queries: [{ expr: `count(up{${nodeJob}} == 0) or vector(0)` }],
        steps: [
          { value: null, color: "green" },
          { value: 1, color: "red" },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Fullest filesystem",
        description:
          "Used share of the fullest disk filesystem on any host. NodeFilesystemAlmostFull pages below 5% free (95% used).",
        queries: [
          {
            expr: `max(1 - node_filesystem_avail_bytes{${diskFilesystems}} / node_filesystem_size_bytes{${diskFilesystems}})`,
          },
        ],
        unit: "percentunit",
        steps: [
          { value: null, color: "green" },
          { value: 0.8, color: "orange" },
          { value: 0.95, color: "red" },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Least memory available",
        description:
          "Available share of memory on the host that has the least. NodeMemoryLow warns below 10%, NodeMemoryAlmostExhausted pages below 5%.",
        queries: [{ expr: `min(node_memory_MemAvailable_bytes{${nodeJob}} / node_memory_MemTotal_bytes{${nodeJob}})` }],
        unit: "percentunit",
        steps: [
          { value: null, color: "red" },
          { value: 0.05, color: "orange" },
          { value: 0.1, color: "green" },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Largest clock offset",
        description:
          "The largest distance of any host's clock from its time source. NodeClockSkewed warns beyond 50 ms.",
        queries: [{ expr: `max(abs(node_timex_offset_seconds{${nodeJob}}))` }],
        unit: "s",
        steps: [
          { value: null, color: "green" },
          { value: 0.05, color: "orange" },
        ],
      }),
    )
    .withRow(row("Nodes"))
    .withPanel(
      timeseriesPanel({
        title: "CPU busy",
        description:
          "Share of CPU time not idle, averaged over each host's cores. NodeCpuHigh warns above 90% for 30 minutes.",
        queries: [
          {
            expr: `1 - avg by (instance) (rate(node_cpu_seconds_total{${nodeJob}, mode="idle"}[$__rate_interval]))`,
            legend: "{{instance}}",
          },
        ],
        unit: "percentunit",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Load per core",
        description:
          "Load average divided by the number of cores: above 1, runnable or I/O-blocked tasks are queueing for the CPUs.",
        queries: [
          {
            expr: `max by (instance) (node_load1{${nodeJob}}) / ${coresPerInstance}`,
            legend: "{{instance}} 1m",
          },
          {
            expr: `max by (instance) (node_load15{${nodeJob}}) / ${coresPerInstance}`,
            legend: "{{instance}} 15m",
          },
        ],
        unit: "short",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Memory used",
        description: "Share of memory not available (MemAvailable counts reclaimable cache as available).",
        queries: [
          {
            expr: `1 - node_memory_MemAvailable_bytes{${nodeJob}} / node_memory_MemTotal_bytes{${nodeJob}}`,
            legend: "{{instance}}",
          },
        ],
        unit: "percentunit",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Filesystem used",
        description: "Used share of each disk filesystem (tmpfs and overlays left out).",
        queries: [
          {
            expr: `1 - node_filesystem_avail_bytes{${diskFilesystems}} / node_filesystem_size_bytes{${diskFilesystems}}`,
            legend: "{{instance}} {{mountpoint}}",
          },
        ],
        unit: "percentunit",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Network traffic",
        description: "Bytes per second received and sent on each host's physical interfaces.",
        queries: [
          {
            expr: `sum by (instance) (rate(node_network_receive_bytes_total{${physicalInterfaces}}[$__rate_interval]))`,
            legend: "{{instance}} received",
          },
          {
            expr: `sum by (instance) (rate(node_network_transmit_bytes_total{${physicalInterfaces}}[$__rate_interval]))`,
            legend: "{{instance}} sent",
          },
        ],
        unit: "Bps",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Disk busy time",
        description:
          "Share of time each disk had I/O in flight. NodeDiskIoSaturated warns above 90% for 30 minutes; SSDs can stay fast near 100%.",
        queries: [
          {
            expr: `rate(node_disk_io_time_seconds_total{${nodeJob}}[$__rate_interval])`,
            legend: "{{instance}} {{device}}",
          },
        ],
        unit: "percentunit",
        min: 0,
      }),
    )
    .withRow(row("Containers (top 10)"))
    .withPanel(
      timeseriesPanel({
        title: "CPU by container",
        description: "CPU cores used by the ten busiest containers.",
        queries: [{ expr: top10(containerCpu), legend: containerLegend }],
        unit: "short",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "CPU throttling by container",
        description:
          "Share of CFS periods in which the container hit its CPU limit, for the ten most throttled. ContainerCpuThrottled warns above 25% for 15 minutes.",
        queries: [{ expr: top10(containerThrottling), legend: containerLegend }],
        unit: "percentunit",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Memory by container",
        description: "Working set (memory the kernel cannot reclaim) of the ten largest containers.",
        queries: [{ expr: top10(containerMemory), legend: containerLegend }],
        unit: "bytes",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Memory against limit by container",
        description:
          "Working set as a share of the memory limit, for the ten closest to theirs; containers without a limit are left out. At 100% the kernel OOM-kills; ContainerMemoryNearLimit warns above 90%.",
        queries: [{ expr: top10(containerMemoryOfLimit), legend: containerLegend }],
        unit: "percentunit",
        min: 0,
      }),
    );
  return renderDashboard(builder);
}
