import type { ResolvedSettings } from "../../settings/validate";
import { ports, replicaAddresses, roles, serviceAddress } from "../addresses";
import { staticJob, type ScrapeConfig } from "./scrapeJob";

/**
 * Jobs for the stack's own workloads and the exporters it runs as single
 * services. Stateful roles are scraped replica by replica: through the
 * Service a scrape would land on a random replica and `up` would hide a dead
 * one.
 */
export function stackJobs(settings: ResolvedSettings): ScrapeConfig[] {
  const jobs: ScrapeConfig[] = [
    staticJob(
      "prometheus",
      replicaAddresses(settings, roles.prometheus, settings.prometheus.replicas, ports.prometheus),
    ),
    staticJob(
      "alertmanager",
      replicaAddresses(settings, roles.alertmanager, settings.alertmanager.replicas, ports.alertmanager),
    ),
  ];
  if (settings.grafana.mode === "deploy") {
    jobs.push(staticJob("grafana", [serviceAddress(settings, roles.grafana, ports.grafana)]));
  }
  if (settings.jaeger.enabled) {
    // Jaeger v2 (an OpenTelemetry Collector) serves its own metrics on the admin port.
    jobs.push(staticJob("jaeger", [serviceAddress(settings, roles.jaeger, ports.jaegerAdmin)]));
  }
  if (settings.target === "kubernetes" && settings.exporters.kubeStateMetrics) {
    // Its series describe other objects (namespace, pod labels): keep them as exposed.
    jobs.push(
      staticJob("kube-state-metrics", [serviceAddress(settings, roles.kubeStateMetrics, ports.kubeStateMetrics)], {
        honor_labels: true,
      }),
    );
  }
  if (settings.exporters.blackbox) {
    jobs.push(staticJob("blackbox-exporter", [serviceAddress(settings, roles.blackbox, ports.blackbox)]));
  }
  for (const db of settings.exporters.postgres) {
    const role = roles.postgresExporter(db.name);
    jobs.push(staticJob(role, [serviceAddress(settings, role, ports.postgresExporter)]));
  }
  for (const redis of settings.exporters.redis) {
    const role = roles.redisExporter(redis.name);
    jobs.push(staticJob(role, [serviceAddress(settings, role, ports.redisExporter)]));
  }
  return jobs;
}
