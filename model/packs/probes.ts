import { blackboxMetrics } from "../metrics/blackbox";
import type { Pack } from "./types";

/**
 * Pack "probes": what the blackbox exporter sees from outside. The job
 * `blackbox` probes every monitored service's health URL (down for 2
 * minutes pages, slow for 10 warns); `blackbox-tls` shakes hands with the
 * stack's own TLS endpoints. Certificates on either are checked for expiry
 * (14 days warns, 3 days pages) and a failing handshake warns. Both jobs
 * come from the stack's scrape configuration, so the pack brings none.
 */
export const probesPack: Pack = {
  name: "probes",
  description: "blackbox probes: health checks down or slow, certificates expiring",
  builtIn: true,
  appliesTo: (stack) => stack.blackbox,
  ruleFiles: ["probes/health.rules.yml", "probes/certificates.rules.yml"],
  sloFiles: [],
  dashboards: [],
  metrics: blackboxMetrics,
  scrapeJobs: [],
  routes: [],
  inhibitions: [
    // Expiring within 3 days outranks within 14 for the same endpoint.
    {
      sourceMatchers: ['alertname="CertificateExpiryImminent"'],
      targetMatchers: ['alertname="CertificateExpiringSoon"'],
      equal: ["instance"],
    },
  ],
};
