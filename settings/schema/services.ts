import { z } from "zod";
import { dnsLabel, duration, hostPort, httpUrl, labelName, metricName, text } from "../formats";

/** The services a stack scrapes and probes, with their SLOs. */

/**
 * The SLO periods with alert windows (model/slo/periods.ts): Sloth's 30d
 * and 28d, and its 7-day example.
 */
export const sloPeriods = ["30d", "28d", "7d"] as const;
export type SloPeriod = (typeof sloPeriods)[number];

const objective = z
  .number("must be a number of percent, such as 99.5")
  .gt(0, "must be above 0 and below 100 (a percentage such as 99.5)")
  .lt(100, "must be below 100 (a percentage such as 99.5); 100 leaves no error budget")
  .meta({ examples: [99.5] });

const period = z
  .enum(sloPeriods, { message: `must be one of ${sloPeriods.join(", ")}` })
  .default("30d")
  .meta({ examples: ["30d"] });

/**
 * One SLO of a service. The shorthands read the service's request metrics
 * (`metrics`); `spec` takes any Sloth `prometheus/v1` spec in the repository.
 */
export const serviceSlo = z.discriminatedUnion("type", [
  z.strictObject({
    /** Requests answered without a server error (status 5xx). */
    type: z.literal("availability"),
    /** Percent of requests that must succeed over the period, e.g. 99.5. */
    objective,
    period,
  }),
  z.strictObject({
    /** Requests answered within a time. */
    type: z.literal("latency"),
    /** Percent of requests that must be fast enough over the period, e.g. 99. */
    objective,
    /**
     * Seconds a request may take, e.g. 0.5: a bucket boundary (`le`) of the
     * service's duration histogram, which must have that bucket.
     */
    thresholdSeconds: z
      .number("must be a number of seconds, such as 0.5")
      .positive("must be above 0 seconds")
      .meta({ examples: [0.5] }),
    period,
  }),
  z.strictObject({
    /** A Sloth `prometheus/v1` spec file of the repository, its rules generated like a pack's. */
    type: z.literal("spec"),
    /** Path from the repository root, under `slos/`. */
    file: z
      .string()
      .regex(/^slos\/[a-zA-Z0-9._/-]+\.ya?ml$/, "must be a .yml or .yaml file under slos/, such as slos/orders/api.yml")
      .refine((file) => !file.split("/").includes(".."), "must stay under slos/ (no '..')")
      .meta({ examples: ["slos/orders/api.yml"] }),
  }),
]);
export type ServiceSlo = z.infer<typeof serviceSlo>;

/** Where a service's request metrics are, for its SLO shorthands and the `red` pack. */
const serviceMetrics = z.strictObject({
  /** Counter of requests, labelled with the status code. */
  requests: metricName.default("http_requests_total"),
  /** Histogram of request durations in seconds (its `_bucket` and `_count` series). */
  duration: metricName.default("http_request_duration_seconds"),
  /**
   * The label of `requests` that holds the HTTP status code, e.g. `code`.
   * Where it is not `status`, the scrape copies it into `status`, the label
   * the `red` pack reads.
   */
  statusLabel: labelName.default("status"),
});

/** The metrics a service is read at when its entry does not say (also the pack jobs'). */
export const defaultServiceMetrics: z.infer<typeof serviceMetrics> = serviceMetrics.parse({});

export const service = z
  .strictObject({
    /** Becomes the scrape job name and the `service` label. */
    name: dnsLabel,
    /** Static scrape targets (host:port). */
    targets: z.array(hostPort).min(1, "needs at least one host:port target"),
    metricsPath: z
      .string()
      .regex(/^\/[^\s?#]*$/, "must be a URL path starting with /, such as /metrics")
      .default("/metrics"),
    scheme: z.enum(["http", "https"]).default("http"),
    scrapeInterval: duration.optional(),
    scrapeTimeout: duration.optional(),
    /** Health URL probed by the blackbox exporter (e.g. http://api:8080/health). */
    healthUrl: httpUrl.optional(),
    /** Extra target labels, e.g. team or tier; every alert about the service carries them too. */
    labels: z.record(labelName, text("payments")).default({}),
    metrics: serviceMetrics.prefault({}).meta({ examples: [{ statusLabel: "code" }] }),
    /** The service's SLOs: burn-rate alerts, recording rules and an SLO dashboard each. */
    slos: z.array(serviceSlo).default([]),
  })
  .superRefine((value, context) => {
    for (const type of ["availability", "latency"] as const) {
      const indexes = value.slos.flatMap((slo, index) => (slo.type === type ? [index] : []));
      for (const index of indexes.slice(1)) {
        context.addIssue({
          code: "custom",
          path: ["slos", index, "type"],
          message: `repeats slos[${indexes[0]}]: one ${type} SLO per service; write a second objective as a spec file (type: spec)`,
        });
      }
    }
  });
export type MonitoredService = z.infer<typeof service>;

/**
 * Files of the repository that list more services, each a YAML list whose
 * entries are written as in `services` (settings/serviceFiles.ts): for a
 * platform team's many services, which a stack file cannot hold.
 */
export const serviceFiles = z.array(
  z
    .string()
    .regex(
      /^services\/[a-zA-Z0-9._/-]+\.ya?ml$/,
      "must be a .yml or .yaml file under services/, such as services/payments.yaml",
    )
    .refine((file) => !file.split("/").includes(".."), "must stay under services/ (no '..')")
    .meta({ examples: ["services/payments.yaml"] }),
);
