import { jobNames } from "../jobNames";
import type { MonitoredService } from "../../settings/schema";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles, serviceAddress } from "../addresses";
import { runsRole } from "../rolesInUse";
import { monitoredServices } from "../packs/forStack";
import type { ScrapeConfig } from "./scrapeJob";
import { stackClient } from "./stackClients";

/** The target labels of a monitored service: its own labels plus `service: <name>`. */
function serviceLabels(service: MonitoredService): Record<string, string> {
  return { ...service.labels, service: service.name };
}

/** One job per monitored service from the stack config, named after it. */
export function serviceJob(service: MonitoredService): ScrapeConfig {
  const job: Record<string, unknown> = {
    job_name: service.name,
    metrics_path: service.metricsPath,
    scheme: service.scheme,
  };
  if (service.scrapeInterval !== undefined) job["scrape_interval"] = service.scrapeInterval;
  if (service.scrapeTimeout !== undefined) job["scrape_timeout"] = service.scrapeTimeout;
  job["static_configs"] = [{ targets: [...service.targets], labels: serviceLabels(service) }];
  const { requests, statusLabel } = service.metrics;
  if (statusLabel !== "status") {
    // The `red` pack reads the status code from `status`: the service's own
    // label is copied there on its request counter (the original is kept).
    job["metric_relabel_configs"] = [
      {
        source_labels: ["__name__", statusLabel],
        regex: `${requests};(.+)`,
        target_label: "status",
        replacement: "$1",
      },
    ];
  }
  return job as ScrapeConfig;
}

/**
 * What every probe job through the blackbox exporter shares: the `/probe`
 * path, the stack client settings for the exporter (TLS, auth), and the
 * relabelling that turns each target into the probe's `target` parameter and
 * `instance` label and sends the scrape itself to the exporter.
 */
export function blackboxProbeBase(settings: ResolvedSettings, module: string): Omit<ScrapeConfig, "job_name"> {
  return {
    metrics_path: "/probe",
    ...stackClient(settings, "blackbox-exporter"),
    params: { module: [module] },
    relabel_configs: [
      { source_labels: ["__address__"], target_label: "__param_target" },
      { source_labels: ["__param_target"], target_label: "instance" },
      { target_label: "__address__", replacement: serviceAddress(settings, roles.blackbox, ports.blackbox) },
    ],
  };
}

/** The blackbox module that the exporter's config defines for plain HTTP health checks. */
export const healthProbeModule = "http_2xx";

/**
 * Probes every declared health URL through the blackbox exporter: the URL
 * becomes the probe's `target` parameter and the `instance` label, and the
 * scrape goes to the exporter. `probe_success` then says whether the service
 * answers, which `up` of its metrics job cannot say for a hung process.
 * The scrape itself goes to the exporter like any stack client (TLS, auth).
 */
export function blackboxProbeJob(settings: ResolvedSettings): ScrapeConfig | undefined {
  const probed = monitoredServices(settings).filter((service) => service.healthUrl !== undefined);
  if (!runsRole(settings, roles.blackbox) || probed.length === 0) return undefined;
  return {
    job_name: jobNames.healthProbes,
    ...blackboxProbeBase(settings, healthProbeModule),
    static_configs: probed.map((service) => ({ targets: [service.healthUrl], labels: serviceLabels(service) })),
  };
}
