/** One entry of `scrape_configs`, as plain data for the `yaml` serialiser. */
export type ScrapeConfig = Record<string, unknown> & { readonly job_name: string };

/** A job with fixed targets, for workloads whose addresses the model knows. */
export function staticJob(
  jobName: string,
  targets: readonly string[],
  extra: Record<string, unknown> = {},
): ScrapeConfig {
  return { job_name: jobName, ...extra, static_configs: [{ targets: [...targets] }] };
}
