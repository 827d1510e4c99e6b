import type * as k8s from "@pulumi/kubernetes";
import type { HealthCheck, HttpProbe } from "../../model/workload";

type Probe = k8s.types.input.core.v1.Probe;

/** The probe action of one HTTP check: by port name, HTTPS when the workload serves TLS. */
function httpGet(probe: HttpProbe): Pick<Probe, "httpGet"> {
  return { httpGet: { path: probe.path, port: probe.port, scheme: probe.scheme ?? "HTTP" } };
}

/**
 * The probe action of one check: an HTTP GET, or its command run inside the
 * container when the endpoint wants credentials.
 */
function action(probe: HttpProbe, credentialed: boolean): Pick<Probe, "httpGet" | "exec"> {
  if (!credentialed) return httpGet(probe);
  if (probe.command === undefined) {
    throw new Error(`the probe on ${probe.path} needs credentials but has no command to send them from inside`);
  }
  return { exec: { command: [...probe.command] } };
}

/**
 * Probes from the workload's health check, addressed by port name so a
 * port renumbering cannot leave a probe behind.
 *
 * HTTP GETs by default (HTTPS when the check says so; the kubelet does not
 * verify the certificate). A workload whose health endpoints sit behind
 * basic auth (`credentialed`) is probed by its commands instead: they read
 * the credentials from a mounted file, whereas an httpGet probe would need
 * them as a literal header in the pod spec.
 *
 * The startup probe gives a slow start (Prometheus replaying a large WAL,
 * Grafana migrating its database) up to ten minutes before the liveness
 * probe may restart the container: without it a big WAL means a crash loop.
 */
export function probes(health: HealthCheck): {
  startupProbe: Probe;
  livenessProbe: Probe;
  readinessProbe: Probe;
} {
  const credentialed = health.credentialed === true;
  const liveness = action(health.liveness, credentialed);
  const readiness = action(health.readiness, credentialed);
  return {
    startupProbe: { ...liveness, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 },
    livenessProbe: { ...liveness, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 },
    readinessProbe: { ...readiness, periodSeconds: 5, timeoutSeconds: 4, failureThreshold: 3 },
  };
}
