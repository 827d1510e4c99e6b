import { alertingDefaults, alertmanagerDefaults } from "./schema/alerting";
import { runsOnKubernetes, type Environment } from "./schema/environments";
import { exportersDefaults } from "./schema/exporters";
import { grafanaDefaults } from "./schema/grafana";
import { jaegerDefaults } from "./schema/jaeger";
import { dockerDefaults, kubernetesDefaults } from "./schema/platforms";
import { prometheusDefaults } from "./schema/prometheus";
import { securityDefaults } from "./schema/security";
import type { Resources } from "./schema/workloads";

/**
 * Environment profiles: the defaults a stack file does not need to repeat,
 * gathered from beside their fields (each area's `<area>Defaults` in
 * settings/schema/). A stack file states only what differs; its values are
 * merged over these (objects key by key, lists replaced whole) before
 * validation. The per-environment matrix in docs/decisions.md explains each
 * difference, and docs/config.md lists every default per environment.
 */
function baseProfile(environment: Environment) {
  return {
    environment,
    target: runsOnKubernetes(environment) ? "kubernetes" : "docker",
    packs: [],
    services: [],
    serviceFiles: [],
    versions: {},
    prometheus: prometheusDefaults(environment),
    alertmanager: alertmanagerDefaults(environment),
    alerting: alertingDefaults(),
    grafana: grafanaDefaults(),
    jaeger: jaegerDefaults(environment),
    exporters: exportersDefaults(environment),
    kubernetes: kubernetesDefaults(environment),
    docker: dockerDefaults(),
    ...securityDefaults(environment),
  };
}

/** Defaults for one environment, as a plain object to merge a stack file over. */
export function profileFor(environment: Environment): Record<string, unknown> {
  return baseProfile(environment);
}

/** Resources for the small exporters, the same in every environment. */
export const exporterResources: Resources = {
  requests: { cpu: "50m", memory: "64Mi" },
  limits: { cpu: "500m", memory: "256Mi" },
};
