import {
  defaultServiceMetrics,
  type MonitoredService,
  type PackSelection,
  type StackSettings,
} from "../../settings/schema";
import { roles } from "../addresses";
import { rolesInUse } from "../rolesInUse";
import { enabledPacks } from "./catalog";
import type { Pack, PackScrapeJob, PackStackFacts } from "./types";
import { targetTraits } from "../targetTraits";

/** Which components a stack runs, as built-in packs decide on it. */
export function packStackFacts(settings: StackSettings): PackStackFacts {
  const runs = new Set<string>(rolesInUse(settings));
  return {
    target: settings.target,
    grafana: runs.has(roles.grafana),
    jaeger: runs.has(roles.jaeger),
    nodeExporter: runs.has(roles.nodeExporter),
    // On Kubernetes cAdvisor is the kubelet's and always scraped.
    cadvisor: targetTraits(settings).kubeletCadvisor || runs.has(roles.cadvisor),
    kubeStateMetrics: runs.has(roles.kubeStateMetrics),
    blackbox: runs.has(roles.blackbox),
  };
}

/** The packs a stack runs: the built-in ones its components call for and those it selected. */
export function stackPacks(settings: StackSettings): Pack[] {
  return enabledPacks(
    settings.packs.map((selection) => selection.name),
    packStackFacts(settings),
  );
}

/** Where a pack job's service answers when the stack config does not say. */
function defaultHost(settings: StackSettings, selection: PackSelection, job: PackScrapeJob): string {
  if (targetTraits(settings).appsOnDockerHost) return "host.docker.internal";
  return `${job.name}.${selection.namespace ?? "default"}.svc`;
}

/**
 * The pack jobs of a stack as monitored services, so they are scraped and
 * health-probed exactly like the services the stack config lists. Targets
 * come from the selection or default to the job's host and port.
 */
export function packServices(settings: StackSettings): MonitoredService[] {
  const selected = new Map(settings.packs.map((selection) => [selection.name, selection]));
  return stackPacks(settings).flatMap((pack) => {
    const selection = selected.get(pack.name) ?? { name: pack.name, targets: {}, receivers: {} };
    return pack.scrapeJobs.map((job): MonitoredService => {
      const targets = selection.targets[job.name] ?? [`${defaultHost(settings, selection, job)}:${job.port}`];
      const service: MonitoredService = {
        name: job.name,
        targets,
        metricsPath: job.metricsPath ?? "/metrics",
        scheme: "http",
        labels: { ...job.labels, pack: pack.name },
        metrics: defaultServiceMetrics,
        // A pack's SLOs are its spec files (Pack.sloFiles).
        slos: [],
      };
      if (job.scrapeInterval !== undefined) service.scrapeInterval = job.scrapeInterval;
      if (job.scrapeTimeout !== undefined) service.scrapeTimeout = job.scrapeTimeout;
      // The health check goes to the first target's host, where the seed serves it.
      if (job.healthPath !== undefined) service.healthUrl = `http://${targets[0]}${job.healthPath}`;
      return service;
    });
  });
}

/** The services a stack scrapes: those its config lists, then those its packs bring. */
export function monitoredServices(settings: StackSettings): MonitoredService[] {
  return [...settings.services, ...packServices(settings)];
}
