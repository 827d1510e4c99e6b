import { z } from "zod";
import { dnsLabel, duration, hostPort, httpUrl, labelName, text } from "../formats";

/** The services a stack scrapes and probes. */

export const service = z.strictObject({
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
  /** Extra target labels, e.g. team or tier. */
  labels: z.record(labelName, text("payments")).default({}),
});
export type MonitoredService = z.infer<typeof service>;
