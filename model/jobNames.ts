import { problemAt, type SettingsProblem } from "../settings/errors";
import type { StackSettings } from "../settings/schema";
import { fixedRoles, isDatabaseExporterRole } from "./addresses";

/**
 * The stack's jobs that are not named after a role: every other job of the
 * stack takes its workload's role as its name (`prometheus`,
 * `node-exporter`, `postgres-exporter-<name>`, …).
 */
export const jobNames = {
  /** The blackbox exporter's HTTP probes of the services' health URLs. */
  healthProbes: "blackbox",
  /** The blackbox exporter's TLS handshakes with the stack's own endpoints. */
  certificateProbes: "blackbox-tls",
  /** Pods that ask to be scraped by annotation (Kubernetes). */
  annotatedPods: "kubernetes-pods",
  /** The kubelet's built-in cAdvisor, through the API server's node proxy. */
  kubeletCadvisor: "kubernetes-cadvisor",
  /** The kubelet's volume statistics, through the API server's node proxy. */
  kubeletVolumes: "kubernetes-kubelet",
} as const;

/** Job names the stack itself uses; a monitored service or a pack's job may not take one. */
export function isReservedJobName(name: string): boolean {
  return (
    (fixedRoles as readonly string[]).includes(name) ||
    (Object.values(jobNames) as readonly string[]).includes(name) ||
    isDatabaseExporterRole(name)
  );
}

/** Services whose name is a job name of the stack itself. */
export function reservedServiceNameProblems(settings: StackSettings): SettingsProblem[] {
  return settings.services.flatMap((service, index) =>
    isReservedJobName(service.name)
      ? [
          problemAt(
            `services[${index}].name`,
            `'${service.name}' is a job name of the stack itself; choose another name`,
            service.name,
          ),
        ]
      : [],
  );
}
