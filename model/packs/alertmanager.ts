import { alertmanagerMetrics } from "../metrics/alertmanager";
import type { Pack } from "./types";

/**
 * Pack "alertmanager": Alertmanager's configuration reloads, its gossip
 * cluster and notification delivery, with failing paging integrations
 * (PagerDuty, Opsgenie, VictorOps) critical and the others warnings. Always
 * on: every stack runs Alertmanager (job `alertmanager`, one target per
 * replica).
 */
export const alertmanagerPack: Pack = {
  name: "alertmanager",
  description: "Alertmanager: configuration reloads, cluster membership, notifications",
  builtIn: true,
  ruleFiles: ["alertmanager/alertmanager.rules.yml"],
  sloFiles: [],
  dashboards: [],
  metrics: alertmanagerMetrics,
  // The `alertmanager` job comes from model/prometheus/stackJobs.ts.
  scrapeJobs: [],
  // Built-in: the stack's own routes deliver these alerts.
  routes: [],
  inhibitions: [],
};
