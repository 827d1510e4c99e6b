import type { MetricFamily } from "./types";

/**
 * Alertmanager's own metrics (v0.28, checked against its source), as the
 * stack's `alertmanager` scrape job collects them from every replica.
 */

/** The scrape job of the stack's Alertmanager replicas. */
const source = "alertmanager";

/** 1 when the last configuration reload applied. */
export const alertmanagerConfigLastReloadSuccessful: MetricFamily = {
  name: "alertmanager_config_last_reload_successful",
  type: "gauge",
  help: "Whether the last configuration reload attempt was successful.",
  labels: [],
  source,
};

/**
 * Members of the gossip cluster as this replica sees them, itself included.
 * Only exposed when clustering is on (more than one replica).
 */
export const alertmanagerClusterMembers: MetricFamily = {
  name: "alertmanager_cluster_members",
  type: "gauge",
  help: "Number indicating current number of members in cluster.",
  labels: [],
  source,
};

/**
 * Notifications attempted per integration (`pagerduty`, `slack`, `email`,
 * `webhook`, ...). With the `receiver-name-in-metrics` feature flag the
 * series also carry `receiver_name`; the stack does not set it.
 */
export const alertmanagerNotificationsTotal: MetricFamily = {
  name: "alertmanager_notifications_total",
  type: "counter",
  help: "The total number of attempted notifications.",
  labels: ["integration"],
  source,
};

/** Failed notifications per integration; `reason` classifies the failure (clientError, serverError, other). */
export const alertmanagerNotificationsFailedTotal: MetricFamily = {
  name: "alertmanager_notifications_failed_total",
  type: "counter",
  help: "The total number of failed notifications.",
  labels: ["integration", "reason"],
  source,
};

/** Every Alertmanager family the stack's packs read. */
export const alertmanagerMetrics: readonly MetricFamily[] = [
  alertmanagerConfigLastReloadSuccessful,
  alertmanagerClusterMembers,
  alertmanagerNotificationsTotal,
  alertmanagerNotificationsFailedTotal,
];
