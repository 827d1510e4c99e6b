import { maestroOverview } from "../dashboards/maestro/overview";
import { maestroSlo } from "../dashboards/maestro/slo";
import { maestroJob, maestroMetrics } from "../metrics/maestro";
import type { Pack, PackRoute } from "./types";

/** Every route groups per alert and service, as the seed's Alertmanager did. */
const groupBy = ["alertname", "service"] as const;

/**
 * The seed's routing, in an order where each alert reaches each receiver
 * once: security first (a critical one also pages), then SLO alerts (pager
 * and chat), then by severity. The seed put "critical → PagerDuty" first
 * with `continue`, which paged critical SLO alerts twice.
 */
const routes: readonly PackRoute[] = [
  {
    // A tenant-isolation breach pages and reaches the security channels.
    matchers: ['category="security"', 'severity="critical"'],
    receivers: ["pager", "chat", "email"],
    groupBy,
    groupWait: "10s",
    groupInterval: "1m",
    repeatInterval: "1h",
  },
  {
    matchers: ['category="security"'],
    receivers: ["chat", "email"],
    groupBy,
    groupWait: "30s",
    groupInterval: "2m",
    repeatInterval: "30m",
  },
  {
    matchers: ['category="slo"'],
    receivers: ["pager", "chat"],
    groupBy,
    groupWait: "1m",
    groupInterval: "5m",
    repeatInterval: "2h",
  },
  {
    matchers: ['severity="critical"'],
    receivers: ["pager"],
    groupBy,
    groupWait: "10s",
    groupInterval: "1m",
    repeatInterval: "1h",
  },
  {
    matchers: ['severity="warning"'],
    receivers: ["chat"],
    groupBy,
    groupWait: "2m",
    groupInterval: "10m",
    repeatInterval: "6h",
  },
  {
    matchers: ['severity="info"'],
    receivers: ["email"],
    groupBy,
    groupWait: "5m",
    groupInterval: "30m",
    repeatInterval: "24h",
  },
];

/**
 * Pack "maestro": the Maestro ML API on Kubernetes (seed 001). One scrape
 * job (`maestro-ml-api`, `/metrics` every 15s); 39 alerts in eight
 * categories (availability, latency, error budget, rate limiting, database,
 * cache, business, security), each with a runbook under
 * `docs/runbooks/maestro/`; availability (99.9%) and latency (P99 < 1s)
 * SLOs with multi-window burn-rate alerts; the seed's routes to pager, chat
 * and email receivers and its inhibitions; overview and SLO dashboards.
 * See `docs/packs/maestro.md`.
 */
export const maestroPack: Pack = {
  name: "maestro",
  description: "Maestro ML API on Kubernetes (seed 001)",
  builtIn: false,
  ruleFiles: [
    "maestro/availability.rules.yml",
    "maestro/latency.rules.yml",
    "maestro/error-budget.rules.yml",
    "maestro/rate-limiting.rules.yml",
    "maestro/database.rules.yml",
    "maestro/cache.rules.yml",
    "maestro/business.rules.yml",
    "maestro/security.rules.yml",
  ],
  sloFiles: ["maestro/api.yml"],
  dashboards: [maestroOverview, maestroSlo],
  ownSloDashboards: ["maestro-ml-api"],
  metrics: maestroMetrics,
  scrapeJobs: [
    {
      name: maestroJob,
      // The seed names /metrics and a 15s scrape but no port; 8000 is the
      // port its FastAPI (uvicorn) service serves on.
      port: 8000,
      metricsPath: "/metrics",
      scrapeInterval: "15s",
      scrapeTimeout: "10s",
    },
  ],
  routes,
  inhibitions: [
    {
      // Of one alert at two severities (HighLatencyP99), only the worse one.
      sourceMatchers: ['severity="critical"'],
      targetMatchers: ['severity="warning"'],
      equal: ["alertname", "service"],
    },
    {
      // Nothing else of the service means much while none of it answers.
      sourceMatchers: ['alertname="ServiceDown"'],
      targetMatchers: ['alertname!="ServiceDown"'],
      equal: ["service"],
    },
    {
      // A violated SLO has no budget left to warn about.
      sourceMatchers: ['alertname="SLOViolation"'],
      targetMatchers: ['alertname="ErrorBudgetLow"'],
      equal: ["service"],
    },
    {
      // Beyond the seed: the same reasoning one step up. Once the budget is
      // spent, or under 10%, the milder budget alerts only repeat it.
      sourceMatchers: ['alertname="SLOViolation"'],
      targetMatchers: ['alertname="ErrorBudgetCritical"'],
      equal: ["service"],
    },
    {
      sourceMatchers: ['alertname="ErrorBudgetCritical"'],
      targetMatchers: ['alertname="ErrorBudgetLow"'],
      equal: ["service"],
    },
  ],
};
