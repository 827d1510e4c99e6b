import { hitlOverview } from "../dashboards/hitl/overview";
import { hitlSlo } from "../dashboards/hitl/slo";
import { hitlMetrics } from "../metrics/hitl";
import type { Pack } from "./types";

/**
 * Pack "hitl": the HITL API of the Adaptive Immune System (seed 004), a
 * FastAPI service serving `/metrics` on :8000, with its PostgreSQL and Redis.
 *
 * The seed's postgres-exporter, redis-exporter, node-exporter and cAdvisor
 * are the stack's own exporters (`exporters.postgres`, `exporters.redis`,
 * `exporters.nodeExporter`, `exporters.cadvisor`), not jobs of this pack;
 * its PostgresDown and RedisDown alerts read the postgres and redis
 * exporters named `hitl*`. See docs/packs/hitl.md.
 */
export const hitlPack: Pack = {
  name: "hitl",
  description: "HITL API of the Adaptive Immune System (seed 004)",
  builtIn: false,
  ruleFiles: ["hitl/critical.rules.yml", "hitl/warning.rules.yml", "hitl/business.rules.yml", "hitl/slo.rules.yml"],
  sloFiles: ["hitl/hitl-api-requests.yml"],
  dashboards: [hitlOverview, hitlSlo],
  ownSloDashboards: ["hitl-api"],
  metrics: hitlMetrics,
  scrapeJobs: [
    {
      name: "hitl-api",
      port: 8000,
      metricsPath: "/metrics",
      // The seed scrapes its primary service every 10s. It names no timeout;
      // half the interval fails a hung /metrics well before the next scrape.
      scrapeInterval: "10s",
      scrapeTimeout: "5s",
      // The seed's health endpoint (its sample output counts requests to it).
      healthPath: "/api/health",
    },
  ],
  // Tried in order; an alert stops at the first route that matches, so the
  // two purpose routes (deployment, SLO) come before the severity routes.
  routes: [
    {
      // A failed release goes to the deployment channel, whose readers can
      // roll it back; HighErrorRate pages the on-call for the same errors.
      receivers: ["deploy-chat"],
      matchers: ['category="deployment"'],
    },
    {
      // SLO violations and budget burn: pager and chat, as the seed routed them.
      receivers: ["pager", "chat"],
      matchers: ['category="slo"'],
    },
    { receivers: ["pager", "chat"], matchers: ['severity="critical"'] },
    { receivers: ["chat"], matchers: ['severity="warning"'] },
    { receivers: ["email"], matchers: ['severity="info"'] },
  ],
  inhibitions: [
    {
      // A critical alert of the API mutes its warnings: they are symptoms of
      // the same incident. SLO alerts neither mute nor get muted: a breach
      // lasts for days and must not hide new warnings, and the budget is
      // what users actually lost.
      sourceMatchers: ['severity="critical"', 'category!="slo"'],
      targetMatchers: ['severity="warning"', 'category!="slo"'],
      equal: ["service"],
    },
    {
      // An API that cannot be scraped makes its metric-based alerts noise.
      // The database and Redis alerts stay: they may be the cause.
      sourceMatchers: ['alertname="ServiceDown"'],
      targetMatchers: ['alertname!~"ServiceDown|PostgresDown|RedisDown"', 'category!="slo"'],
      equal: ["service"],
    },
    {
      // Failing requests are often fast or slow for the same reason; the
      // error rate is the one to act on.
      sourceMatchers: ['alertname="HighErrorRate"'],
      targetMatchers: ['alertname="HighLatency"'],
      equal: ["service"],
    },
  ],
};
