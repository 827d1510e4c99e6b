import type { ResolvedSettings } from "../../settings/validate";
import { alertmanagerWorkload } from "../alertmanager";
import { exporterWorkloads } from "../exporters";
import { grafanaWorkload } from "../grafana";
import { jaegerWorkload } from "../jaeger";
import { jaegerProxyWorkload } from "../jaegerProxy";
import { prometheusWorkload } from "../prometheus";
import { roles } from "../addresses";
import { runsRole } from "../rolesInUse";
import type { Workload } from "../workload";

/**
 * Every workload of a stack, by component: the single source the components
 * deploy and the render command writes out, so a rendered folder is exactly
 * what `pulumi up` ships.
 */
export interface StackPlan {
  readonly prometheus: Workload;
  readonly alertmanager: Workload;
  /** Absent in external-Grafana mode. */
  readonly grafana?: Workload;
  /** Absent when Jaeger is disabled. */
  readonly jaeger?: Workload;
  /**
   * oauth2-proxy in front of the Jaeger UI, which owns the Jaeger Ingress
   * host; present on Kubernetes when Jaeger runs and `auth.jaegerProxy` is set.
   */
  readonly jaegerProxy?: Workload;
  readonly exporters: readonly Workload[];
}

/** Builds the plan of a stack from its settings (pure). */
export function stackPlan(settings: ResolvedSettings): StackPlan {
  const grafana = runsRole(settings, roles.grafana) ? grafanaWorkload(settings) : undefined;
  const jaeger = jaegerWorkload(settings);
  const jaegerProxy = jaegerProxyWorkload(settings);
  return {
    prometheus: prometheusWorkload(settings),
    alertmanager: alertmanagerWorkload(settings),
    ...(grafana ? { grafana } : {}),
    ...(jaeger ? { jaeger } : {}),
    ...(jaegerProxy ? { jaegerProxy } : {}),
    exporters: exporterWorkloads(settings),
  };
}

/** The plan's workloads in one list, in a stable order. */
export function planWorkloads(plan: StackPlan): Workload[] {
  return [
    plan.prometheus,
    plan.alertmanager,
    ...(plan.grafana ? [plan.grafana] : []),
    ...(plan.jaeger ? [plan.jaeger] : []),
    ...(plan.jaegerProxy ? [plan.jaegerProxy] : []),
    ...plan.exporters,
  ];
}
