import type { ResolvedSettings } from "../../settings/validate";
import { monitoredServices } from "../packs/forStack";
import { certificateProbeJob } from "./certificateProbeJob";
import { nodeJobs } from "./nodeJobs";
import { kubernetesPodsJob } from "./podDiscovery";
import type { ScrapeConfig } from "./scrapeJob";
import { blackboxProbeJob, serviceJob } from "./serviceJobs";
import { stackJobs } from "./stackJobs";
import { targetTraits } from "../targetTraits";

/**
 * Every scrape job of the stack, in a stable order: the stack itself, nodes
 * and containers, probes, the monitored services, then pod discovery.
 * @throws when two jobs share a name (Prometheus would refuse the file),
 * naming the job, so the stack fails before anything is deployed.
 */
export function scrapeConfigs(settings: ResolvedSettings): ScrapeConfig[] {
  const jobs: ScrapeConfig[] = [...stackJobs(settings), ...nodeJobs(settings)];
  const probe = blackboxProbeJob(settings);
  if (probe !== undefined) jobs.push(probe);
  const certificates = certificateProbeJob(settings);
  if (certificates !== undefined) jobs.push(certificates);
  jobs.push(...monitoredServices(settings).map(serviceJob));
  if (targetTraits(settings).kubernetesApi) jobs.push(kubernetesPodsJob(settings));

  const seen = new Set<string>();
  for (const job of jobs) {
    if (seen.has(job.job_name)) {
      throw new Error(
        `two scrape jobs are named '${job.job_name}'; rename the service or exporter that uses this name in the stack config`,
      );
    }
    seen.add(job.job_name);
  }
  return jobs;
}
