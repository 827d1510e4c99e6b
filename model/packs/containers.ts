import { cadvisorCpuThrottlingMetrics, cadvisorMemoryMetrics, cadvisorOomMetrics } from "../metrics/cadvisor";
import type { Pack } from "./types";

/**
 * Pack "containers": every container cAdvisor sees, through the job the
 * stack already scrapes (`cadvisor` on Docker, `kubernetes-cadvisor`, the
 * kubelet's cAdvisor, on Kubernetes). It alerts on memory near the limit,
 * CPU throttling and OOM kills, naming a container the same way on both
 * targets (see rules/containers/containers.rules.yml). Its dashboard panels
 * live in the node pack's "Nodes and containers".
 */
export const containersPack: Pack = {
  name: "containers",
  description: "containers through cAdvisor: CPU throttling, memory, OOM kills",
  builtIn: true,
  // True on Kubernetes too: the kubelet's cAdvisor is always scraped there.
  appliesTo: (stack) => stack.cadvisor,
  ruleFiles: ["containers/containers.rules.yml"],
  sloFiles: [],
  dashboards: [],
  metrics: [...cadvisorCpuThrottlingMetrics, ...cadvisorMemoryMetrics, ...cadvisorOomMetrics],
  scrapeJobs: [],
  routes: [],
  inhibitions: [],
};
