import type * as k8s from "@pulumi/kubernetes";
import type { HealthCheck } from "../../model/workload";

/**
 * HTTP probes from the workload's health check, addressed by port name so a
 * port renumbering cannot leave a probe behind.
 *
 * The startup probe gives a slow start (Prometheus replaying a large WAL,
 * Grafana migrating its database) up to ten minutes before the liveness
 * probe may restart the container: without it a big WAL means a crash loop.
 */
export function probes(health: HealthCheck): {
  startupProbe: k8s.types.input.core.v1.Probe;
  livenessProbe: k8s.types.input.core.v1.Probe;
  readinessProbe: k8s.types.input.core.v1.Probe;
} {
  const liveness = { path: health.liveness.path, port: health.liveness.port, scheme: "HTTP" };
  const readiness = { path: health.readiness.path, port: health.readiness.port, scheme: "HTTP" };
  return {
    startupProbe: { httpGet: liveness, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 },
    livenessProbe: { httpGet: liveness, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 },
    readinessProbe: { httpGet: readiness, periodSeconds: 5, timeoutSeconds: 4, failureThreshold: 3 },
  };
}
