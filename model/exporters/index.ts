import type { ResolvedSettings } from "../../settings/validate";
import type { Workload } from "../workload";
import { blackboxWorkload } from "./blackbox";
import { cadvisorWorkload } from "./cadvisor";
import { kubeStateMetricsWorkload } from "./kubeStateMetrics";
import { nodeExporterWorkload } from "./nodeExporter";
import { postgresExporterWorkload } from "./postgres";
import { redisExporterWorkload } from "./redis";

export { blackboxConfig, blackboxConfigYaml, blackboxModules } from "./blackboxConfig";
export { blackboxConfigPath } from "./blackbox";
export { kubeStateMetricsRules } from "./kubeStateMetrics";
export { redisPasswordFile } from "./redis";

/**
 * The exporters a stack runs, in a stable order. Target-bound ones follow
 * the target whatever the flags say: cAdvisor only on Docker (the kubelet
 * embeds it on Kubernetes), kube-state-metrics only on Kubernetes.
 */
export function exporterWorkloads(settings: ResolvedSettings): Workload[] {
  const exporters = settings.exporters;
  const onDocker = settings.target === "docker";
  return [
    ...(exporters.nodeExporter ? [nodeExporterWorkload(settings)] : []),
    ...(exporters.cadvisor && onDocker ? [cadvisorWorkload(settings)] : []),
    ...(exporters.kubeStateMetrics && !onDocker ? [kubeStateMetricsWorkload(settings)] : []),
    ...(exporters.blackbox ? [blackboxWorkload(settings)] : []),
    ...exporters.postgres.map((target) => postgresExporterWorkload(settings, target)),
    ...exporters.redis.map((target) => redisExporterWorkload(settings, target)),
  ];
}
