import { z } from "zod";
import { byteSize, dnsLabel, duration, httpUrl, labelName, quantity, secretKeyName, text } from "../formats";
import { replicas, resources } from "./workloads";
import { runsOnKubernetes, type Environment } from "./environments";

/** Prometheus: scraping, evaluation, retention, storage and remote write. */

/**
 * Headers Prometheus sets itself on remote write and refuses in `headers`
 * (compared without case); the promtool tests check this list against the
 * deployed promtool.
 */
export const reservedRemoteWriteHeaders: readonly string[] = [
  "authorization",
  "host",
  "content-encoding",
  "content-length",
  "content-type",
  "user-agent",
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "www-authenticate",
  "accept-encoding",
  "x-prometheus-remote-write-version",
  "x-prometheus-remote-read-version",
];

const remoteWrite = z.strictObject({
  /** Name of the endpoint, shown in Prometheus' remote-write metrics. */
  name: dnsLabel,
  /** Push URL of Mimir, Thanos Receive, Cortex or any remote-write receiver. */
  url: httpUrl,
  /** Basic auth; the password is a secret config key. */
  basicAuth: z.strictObject({ username: text("prometheus"), passwordSecret: secretKeyName }).optional(),
  /** Bearer token from a secret config key. */
  bearerTokenSecret: secretKeyName.optional(),
  /** Extra headers, e.g. `X-Scope-OrgID` for a multi-tenant Mimir. */
  headers: z
    .record(
      z
        .string()
        .regex(/^[A-Za-z0-9-]+$/, { error: "must be an HTTP header name such as X-Scope-OrgID", abort: true })
        .refine(
          (name) => !reservedRemoteWriteHeaders.includes(name.toLowerCase()),
          "is set by Prometheus itself (credentials go in basicAuth or bearerTokenSecret)",
        ),
      text("tenant-1"),
    )
    .optional(),
  /** Queue tuning; Prometheus' own defaults apply to what is left out. */
  queue: z
    .strictObject({
      capacity: z.int().min(1).optional(),
      maxShards: z.int().min(1).optional(),
      minShards: z.int().min(1).optional(),
      maxSamplesPerSend: z.int().min(1).optional(),
      batchSendDeadline: duration.optional(),
      minBackoff: duration.optional(),
      maxBackoff: duration.optional(),
    })
    .optional(),
});
export type RemoteWrite = z.infer<typeof remoteWrite>;

export const prometheus = z.strictObject({
  replicas,
  scrapeInterval: duration,
  scrapeTimeout: duration,
  evaluationInterval: duration,
  retention: z.strictObject({ time: duration, size: byteSize }),
  /** Volume size per replica. */
  storageSize: quantity,
  externalLabels: z.record(labelName, text("eu-west-1")),
  remoteWrite: z.array(remoteWrite),
  resources,
});

/** Prometheus's defaults in one environment (see profiles.ts). */
export function prometheusDefaults(environment: Environment) {
  const onKubernetes = runsOnKubernetes(environment);
  return {
    replicas: onKubernetes ? 2 : 1,
    scrapeInterval: "15s",
    scrapeTimeout: "10s",
    evaluationInterval: "15s",
    // 15 days is the seeds' retention; the size bound keeps a full disk from
    // taking Prometheus down before the time bound applies.
    retention: { time: environment === "prod" ? "30d" : "15d", size: environment === "dev" ? "5GB" : "45GB" },
    storageSize: environment === "dev" ? "10Gi" : "50Gi",
    externalLabels: {},
    remoteWrite: [],
    resources: onKubernetes
      ? { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } }
      : { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
  };
}
