import type { ResolvedSettings } from "../../settings/validate";
import { roles } from "../addresses";
import { rolesInUse } from "../rolesInUse";
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

/** The exporters a stack runs (see rolesInUse), in the stack's order. */
export function exporterWorkloads(settings: ResolvedSettings): Workload[] {
  const inUse = new Set<string>(rolesInUse(settings));
  const exporters = settings.exporters;
  return [
    ...(inUse.has(roles.nodeExporter) ? [nodeExporterWorkload(settings)] : []),
    ...(inUse.has(roles.cadvisor) ? [cadvisorWorkload(settings)] : []),
    ...(inUse.has(roles.kubeStateMetrics) ? [kubeStateMetricsWorkload(settings)] : []),
    ...(inUse.has(roles.blackbox) ? [blackboxWorkload(settings)] : []),
    ...exporters.postgres.map((target) => postgresExporterWorkload(settings, target)),
    ...exporters.redis.map((target) => redisExporterWorkload(settings, target)),
  ];
}
