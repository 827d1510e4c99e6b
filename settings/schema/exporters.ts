import { z } from "zod";
import { dnsLabel, duration, hostPort, secretKeyName } from "../formats";
import { runsOnKubernetes, type Environment } from "./environments";

/** The exporters the stack runs, database exporters per instance. */

export const exporters = z.strictObject({
  nodeExporter: z.boolean(),
  cadvisor: z.boolean(),
  kubeStateMetrics: z.boolean(),
  blackbox: z.boolean(),
  /**
   * One postgres-exporter per database. `dsnSecret` names a secret config key
   * holding the connection URI *without* its `postgresql://` scheme, with the
   * credentials as query parameters (`db:5432/app?sslmode=require&user=exporter&password=…`):
   * postgres_exporter reads it from a file (DATA_SOURCE_URI_FILE) and adds the scheme.
   */
  postgres: z.array(
    z.strictObject({
      name: dnsLabel,
      dsnSecret: secretKeyName,
      /** How often to scrape this exporter, e.g. 30s; the global interval when absent. */
      scrapeInterval: duration.optional(),
    }),
  ),
  /** One redis-exporter per instance. */
  redis: z.array(
    z.strictObject({
      name: dnsLabel,
      address: hostPort,
      passwordSecret: secretKeyName.optional(),
      /** How often to scrape this exporter, e.g. 30s; the global interval when absent. */
      scrapeInterval: duration.optional(),
    }),
  ),
});

/** Which exporters run by default in one environment: cAdvisor is the kubelet's on Kubernetes (see profiles.ts). */
export function exportersDefaults(environment: Environment) {
  const onKubernetes = runsOnKubernetes(environment);
  return {
    nodeExporter: true,
    cadvisor: !onKubernetes,
    kubeStateMetrics: onKubernetes,
    blackbox: true,
    postgres: [],
    redis: [],
  };
}
