import type { ApiRule } from "../workload";
import type { ScrapeConfig } from "./scrapeJob";

const readVerbs = ["get", "list", "watch"];

/** What each service-discovery role watches, by API group. */
const watchedByRole: Record<string, readonly { group: string; resource: string }[]> = {
  pod: [{ group: "", resource: "pods" }],
  node: [{ group: "", resource: "nodes" }],
  service: [{ group: "", resource: "services" }],
  endpoints: [
    { group: "", resource: "endpoints" },
    { group: "", resource: "services" },
    { group: "", resource: "pods" },
  ],
  endpointslice: [
    { group: "discovery.k8s.io", resource: "endpointslices" },
    { group: "", resource: "services" },
    { group: "", resource: "pods" },
  ],
};

function sdRoles(job: ScrapeConfig): string[] {
  const configs = (job["kubernetes_sd_configs"] ?? []) as readonly { role: string }[];
  return configs.map((config) => config.role);
}

/** True when the job reads through the API server's node proxy (the kubelet's cAdvisor). */
function usesNodeProxy(job: ScrapeConfig): boolean {
  const relabels = (job["relabel_configs"] ?? []) as readonly { replacement?: string }[];
  return relabels.some((relabel) => relabel.replacement?.startsWith("/api/v1/nodes/") === true);
}

/**
 * The read-only API access Prometheus' service discovery needs for exactly
 * the jobs it has, nothing more: each SD role's resources, plus `nodes/proxy`
 * for scrapes through the node proxy.
 */
export function discoveryApiRules(jobs: readonly ScrapeConfig[]): ApiRule[] {
  const byGroup = new Map<string, Set<string>>();
  for (const role of new Set(jobs.flatMap(sdRoles))) {
    const watched = watchedByRole[role];
    if (watched === undefined) throw new Error(`no API access is known for service-discovery role '${role}'`);
    for (const { group, resource } of watched) {
      const resources = byGroup.get(group) ?? new Set<string>();
      resources.add(resource);
      byGroup.set(group, resources);
    }
  }
  const rules: ApiRule[] = [...byGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, resources]) => ({ apiGroups: [group], resources: [...resources].sort(), verbs: [...readVerbs] }));
  if (jobs.some(usesNodeProxy)) rules.push({ apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] });
  return rules;
}
