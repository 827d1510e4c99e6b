import { z } from "zod";
import { alerting, alertmanager } from "./alerting";
import { exporters } from "./exporters";
import { grafana } from "./grafana";
import { jaeger } from "./jaeger";
import { packSelection } from "./packs";
import { environments, targets } from "./environments";
import { docker, kubernetes } from "./platforms";
import { prometheus } from "./prometheus";
import { auth, tls } from "./security";
import { service, serviceFiles } from "./services";
import { versions } from "./versions";

/**
 * The schema of one stack's configuration: every key under the
 * `observability:` namespace of a `Pulumi.<stack>.yaml`. Objects are strict so
 * that a misspelled key is an error rather than a silently ignored setting.
 *
 * Defaults that depend on the environment sit beside their fields, in each
 * area's `<area>Defaults(environment)`; `profiles.ts` gathers them into one
 * profile per environment, merged under the stack's own values before this
 * schema sees them. Zod `.default()` is only for keys inside list entries.
 */

export const stackSettingsSchema = z.strictObject({
  environment: z.enum(environments),
  target: z.enum(targets),
  /** Packs of scrape jobs, rules and dashboards to enable by name. */
  packs: z.array(packSelection),
  services: z.array(service),
  /** More services, listed in files of the repository (for many services). */
  serviceFiles,
  versions,
  prometheus,
  alertmanager,
  alerting,
  grafana,
  jaeger,
  exporters,
  kubernetes,
  docker,
  tls,
  auth,
});

/** A stack's settings after profile defaults and validation. */
export type StackSettings = z.infer<typeof stackSettingsSchema>;

/** The top-level config keys the schema knows, for unknown-key detection. */
export const topLevelKeys = Object.keys(stackSettingsSchema.shape);

export { environments, runsOnKubernetes, targets, type Environment, type Target } from "./environments";
export { reservedRemoteWriteHeaders, type RemoteWrite } from "./prometheus";
export type { Alerting, Inhibition, Receiver, Route } from "./alerting";
export type { JaegerStorage } from "./jaeger";
export { defaultServiceMetrics, sloPeriods, type MonitoredService, type ServiceSlo, type SloPeriod } from "./services";
export type { PackSelection } from "./packs";
export type { Resources } from "./workloads";
export type { AuthSettings, TlsSettings } from "./security";
