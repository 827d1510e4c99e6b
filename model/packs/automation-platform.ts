import { apiMetrics } from "../dashboards/automation-platform/apiMetrics";
import { auditAgentMetrics } from "../dashboards/automation-platform/auditAgent";
import { systemHealth } from "../dashboards/automation-platform/systemHealth";
import { testWatcherPerformance } from "../dashboards/automation-platform/testWatcher";
import { automationPlatformJobs, automationPlatformMetrics } from "../metrics/automation-platform";
import type { Pack } from "./types";

/**
 * Pack "automation-platform": the automation platform of seed 002, whose
 * TestWatcher runs tests on file changes and whose AuditAgent audits task
 * completion, commits and coverage, both calling the DeepSeek API through a
 * SafeAsyncBridge. It brings the seed's six alerts (three paging: error
 * rate, component down, memory; three warning: slow test runs, API rate
 * limiting, CPU), its four dashboards and its PagerDuty/Slack/email split.
 * The seed sets no objective, so the pack has no SLO. See
 * docs/packs/automation-platform.md for where it departs from the seed.
 */
export const automationPlatformPack: Pack = {
  name: "automation-platform",
  description: "automation platform: TestWatcher and AuditAgent (seed 002)",
  builtIn: false,
  ruleFiles: [
    "automation-platform/system.rules.yml",
    "automation-platform/errors.rules.yml",
    "automation-platform/test-watcher.rules.yml",
    "automation-platform/deepseek-api.rules.yml",
  ],
  sloFiles: [],
  dashboards: [systemHealth, testWatcherPerformance, auditAgentMetrics, apiMetrics],
  metrics: automationPlatformMetrics,
  // One job per component process. The seed names neither ports nor scrape
  // intervals: the ports are this pack's defaults (8001/8002, clear of the
  // other seeds' 8000/8010), the interval is the stack's. `/health` is the
  // liveness endpoint the seed plans; `/ready` (readiness) is for the
  // orchestrator's probes, not for alerting.
  scrapeJobs: [
    { name: automationPlatformJobs.testWatcher, port: 8001, metricsPath: "/metrics", healthPath: "/health" },
    { name: automationPlatformJobs.auditAgent, port: 8002, metricsPath: "/metrics", healthPath: "/health" },
  ],
  // The seed: critical alerts to PagerDuty, warnings to Slack, email as the
  // backup channel, used here as a second copy of every page.
  routes: [
    { matchers: ['severity="critical"'], receivers: ["pager", "email"] },
    { matchers: ['severity="warning"'], receivers: ["chat"] },
  ],
  // The seed names no inhibitions; a down component's other alerts resolve
  // on their own, as its metrics disappear with it.
  inhibitions: [],
};
