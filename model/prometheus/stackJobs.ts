import type { ResolvedSettings } from "../../settings/validate";
import { ports, replicaAddresses, roles, serviceAddress, type Role } from "../addresses";
import { rolesInUse } from "../rolesInUse";
import { grafanaServesTls } from "../grafana/server";
import { staticJob, type ScrapeConfig } from "./scrapeJob";
import { stackClient } from "./stackClients";

/**
 * Jobs for the stack's own workloads and the exporters it runs as single
 * services. Stateful roles are scraped replica by replica: through the
 * Service a scrape would land on a random replica and `up` would hide a dead
 * one. Servers built on exporter-toolkit are reached over TLS with the
 * stack's credentials when those are on (see `stackClient`).
 */
export function stackJobs(settings: ResolvedSettings): ScrapeConfig[] {
  const inUse = new Set<Role>(rolesInUse(settings));
  const runs = (role: Role) => inUse.has(role);
  const jobs: ScrapeConfig[] = [
    staticJob(
      roles.prometheus,
      replicaAddresses(settings, roles.prometheus, settings.prometheus.replicas, ports.prometheus),
      stackClient(settings, "prometheus"),
    ),
    staticJob(
      roles.alertmanager,
      replicaAddresses(settings, roles.alertmanager, settings.alertmanager.replicas, ports.alertmanager),
      stackClient(settings, "alertmanager"),
    ),
  ];
  if (runs(roles.grafana)) {
    jobs.push(
      staticJob(
        roles.grafana,
        [serviceAddress(settings, roles.grafana, ports.grafana)],
        grafanaServesTls(settings) ? stackClient(settings, "grafana") : {},
      ),
    );
  }
  if (runs(roles.jaeger)) {
    // Jaeger v2 (an OpenTelemetry Collector) serves its own metrics on the admin
    // port, in plain HTTP whatever the TLS mode: its Prometheus reader has no TLS.
    jobs.push(staticJob(roles.jaeger, [serviceAddress(settings, roles.jaeger, ports.jaegerAdmin)]));
  }
  if (runs(roles.kubeStateMetrics)) {
    // Its series describe other objects (namespace, pod labels): keep them as exposed.
    jobs.push(
      staticJob(roles.kubeStateMetrics, [serviceAddress(settings, roles.kubeStateMetrics, ports.kubeStateMetrics)], {
        honor_labels: true,
        ...stackClient(settings, "kube-state-metrics"),
      }),
    );
  }
  if (runs(roles.blackbox)) {
    jobs.push(
      staticJob(
        roles.blackbox,
        [serviceAddress(settings, roles.blackbox, ports.blackbox)],
        stackClient(settings, "blackbox-exporter"),
      ),
    );
  }
  // Database exporters query the database on every scrape: they may be
  // scraped less often than the rest (the HITL seed uses 30s).
  const interval = (scrapeInterval: string | undefined) =>
    scrapeInterval === undefined ? {} : { scrape_interval: scrapeInterval };
  for (const db of settings.exporters.postgres) {
    const role = roles.postgresExporter(db.name);
    jobs.push(
      staticJob(role, [serviceAddress(settings, role, ports.postgresExporter)], {
        ...interval(db.scrapeInterval),
        ...stackClient(settings, role),
      }),
    );
  }
  for (const redis of settings.exporters.redis) {
    const role = roles.redisExporter(redis.name);
    jobs.push(
      staticJob(role, [serviceAddress(settings, role, ports.redisExporter)], {
        ...interval(redis.scrapeInterval),
        ...stackClient(settings, role),
      }),
    );
  }
  return jobs;
}
