import { prometheusAlertingMetrics } from "../metrics/prometheus";
import type { Pack } from "./types";

/**
 * Pack "prometheus": Prometheus watching itself: configuration reloads, rule
 * evaluation, the notifier's path to Alertmanager, the TSDB and WAL, remote
 * write and rejected scraped samples. Always on: every stack runs
 * Prometheus, and each replica scrapes the others (job `prometheus`), so a
 * replica that can no longer notify is reported by its peer.
 */
export const prometheusPack: Pack = {
  name: "prometheus",
  description: "Prometheus itself: configuration, rules, notifications, TSDB and WAL",
  builtIn: true,
  ruleFiles: ["prometheus/prometheus.rules.yml"],
  sloFiles: [],
  dashboards: [],
  metrics: prometheusAlertingMetrics,
  // The `prometheus` job comes from model/prometheus/stackJobs.ts (one target per replica).
  scrapeJobs: [],
  // Built-in: the stack's own routes deliver these alerts.
  routes: [],
  inhibitions: [
    {
      // When no Alertmanager takes a replica's alerts, the per-Alertmanager
      // warnings of that replica say nothing more.
      sourceMatchers: ['alertname="PrometheusErrorSendingAlertsToAllAlertmanagers"'],
      targetMatchers: ['alertname="PrometheusErrorSendingAlerts"'],
      equal: ["job", "instance"],
    },
  ],
};
