import { nodesAndContainers } from "../dashboards/node/nodesAndContainers";
import { cadvisorCpuThrottlingMetrics, cadvisorCpuUsageMetrics, cadvisorMemoryMetrics } from "../metrics/cadvisor";
import { nodeExporterMetrics } from "../metrics/nodeExporter";
import type { Pack } from "./types";

/**
 * Pack "node": every host node-exporter runs on (the Docker host, or each
 * Kubernetes node through the DaemonSet; job `node-exporter`, which the
 * stack itself scrapes, so the pack brings no scrape job). It alerts on
 * filesystems filling up or out of inodes, memory running out, CPU and disk
 * saturation and clock drift, and owns the "Nodes and containers"
 * dashboard, whose container panels read cAdvisor and are empty where
 * cAdvisor does not run.
 */
export const nodePack: Pack = {
  name: "node",
  description: "hosts through node-exporter: filesystems, memory, clock",
  builtIn: true,
  appliesTo: (stack) => stack.nodeExporter,
  ruleFiles: ["node/filesystem.rules.yml", "node/host.rules.yml"],
  sloFiles: [],
  dashboards: [nodesAndContainers],
  metrics: [
    ...nodeExporterMetrics,
    ...cadvisorCpuUsageMetrics,
    ...cadvisorCpuThrottlingMetrics,
    ...cadvisorMemoryMetrics,
  ],
  scrapeJobs: [],
  // Severity routing is the stack's (critical pages, warning to chat).
  routes: [],
  inhibitions: [
    // A full disk makes "will be full soon" noise; same host and filesystem only.
    {
      sourceMatchers: ['alertname="NodeFilesystemAlmostFull"'],
      targetMatchers: ['alertname="NodeFilesystemFillingUp"'],
      equal: ["instance", "mountpoint"],
    },
    // Memory almost exhausted outranks memory low on the same host. Distinct
    // names (rather than one name at two severities) because node alerts have
    // no `service` label, and the stack's default critical-mutes-warning rule
    // matches on alertname and service: it would mute one host by another.
    {
      sourceMatchers: ['alertname="NodeMemoryAlmostExhausted"'],
      targetMatchers: ['alertname="NodeMemoryLow"'],
      equal: ["instance"],
    },
  ],
};
