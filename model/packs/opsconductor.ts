import { opsconductorExecution } from "../dashboards/opsconductor/execution";
import { opsconductorSelector } from "../dashboards/opsconductor/selector";
import { opsconductorMetrics } from "../metrics/opsconductor";
import type { Pack } from "./types";

/**
 * Pack "opsconductor": OpsConductor's automation-service and ai-pipeline
 * (seeds 000 and 003). It scrapes the three endpoints the seed names, alerts
 * on the AI execution path (errors, P95, P99), the selector (database
 * errors, latency, cache evictions) and the health of the endpoints and
 * traffic, tracks the 99% AI execution success SLO with burn-rate alerts,
 * and provisions the seed's execution and selector dashboards. See
 * docs/packs/opsconductor.md.
 */
export const opsconductorPack: Pack = {
  name: "opsconductor",
  description: "OpsConductor automation-service and ai-pipeline (seeds 000 and 003)",
  builtIn: false,
  ruleFiles: [
    "opsconductor/ai-execution.rules.yml",
    "opsconductor/selector.rules.yml",
    "opsconductor/system-health.rules.yml",
  ],
  sloFiles: ["opsconductor/ai-execution.yml"],
  dashboards: [opsconductorExecution, opsconductorSelector],
  metrics: opsconductorMetrics,
  // The seed names no health endpoint for either service, so no job has a
  // healthPath; MetricsEndpointDown watches `up` instead.
  scrapeJobs: [
    // Selector and AI execution metrics: everything the rules, SLO and dashboards read.
    { name: "automation-service", port: 8010, scrapeInterval: "10s" },
    // The service's main port. A job name is unique, so this one cannot be
    // "automation-service" too; the seed lists no families for it.
    { name: "automation-service-main", port: 3003, scrapeInterval: "10s" },
    // "If available" in the seed; served under /pipeline/metrics.
    { name: "ai-pipeline", port: 8000, metricsPath: "/pipeline/metrics", scrapeInterval: "15s" },
  ],
  // The seed's notification flow: PagerDuty for critical, Slack for
  // warning. Its third leg (email for info) is left out: no alert of this
  // pack is info, and the route would only make stacks map an email role.
  routes: [
    { receivers: ["pager"], matchers: ['severity="critical"'] },
    { receivers: ["chat"], matchers: ['severity="warning"'] },
  ],
  inhibitions: [],
};
