import type { MetricFamily } from "./types";

/**
 * Prometheus' own metrics (3.x, checked against the v3.5 / v0.305.0 source),
 * as the stack's `prometheus` scrape job collects them from every replica.
 * Grouped by subsystem so a pack or dashboard can take what it reads: the
 * `prometheus` pack's rules read `prometheusAlertingMetrics`, the stack
 * overview also the head block's load.
 */

/** The scrape job of the stack's Prometheus replicas. */
const source = "prometheus";

/** `prometheus_config_last_reload_successful`: 1 when the last reload applied. */
export const prometheusConfigLastReloadSuccessful: MetricFamily = {
  name: "prometheus_config_last_reload_successful",
  type: "gauge",
  help: "Whether the last configuration reload attempt was successful.",
  labels: [],
  source,
};

/** Process start time (client_golang process collector); tells a restart apart. */
export const prometheusProcessStartTimeSeconds: MetricFamily = {
  name: "process_start_time_seconds",
  type: "gauge",
  help: "Start time of the process since unix epoch in seconds.",
  labels: [],
  source,
};

/** Rule evaluation: `rule_group` is `<file>;<group name>`. */
export const prometheusRuleEvaluationFailuresTotal: MetricFamily = {
  name: "prometheus_rule_evaluation_failures_total",
  type: "counter",
  help: "The total number of rule evaluation failures.",
  labels: ["rule_group"],
  source,
};

/** Evaluations of a group skipped because the previous one overran the interval. */
export const prometheusRuleGroupIterationsMissedTotal: MetricFamily = {
  name: "prometheus_rule_group_iterations_missed_total",
  type: "counter",
  help: "The total number of rule group evaluations missed due to slow rule group evaluation.",
  labels: ["rule_group"],
  source,
};

/** Alertmanagers the notifier sends to. */
export const prometheusNotificationsAlertmanagersDiscovered: MetricFamily = {
  name: "prometheus_notifications_alertmanagers_discovered",
  type: "gauge",
  help: "The number of alertmanagers discovered and active.",
  labels: [],
  source,
};

/** Alerts sent, per Alertmanager URL (`alertmanager`). */
export const prometheusNotificationsSentTotal: MetricFamily = {
  name: "prometheus_notifications_sent_total",
  type: "counter",
  help: "Total number of alerts sent.",
  labels: ["alertmanager"],
  source,
};

/** Alerts whose sending to one Alertmanager failed. */
export const prometheusNotificationsErrorsTotal: MetricFamily = {
  name: "prometheus_notifications_errors_total",
  type: "counter",
  help: "Total number of sent alerts affected by errors.",
  labels: ["alertmanager"],
  source,
};

/** Alerts lost: the queue overflowed, or no Alertmanager accepted them. */
export const prometheusNotificationsDroppedTotal: MetricFamily = {
  name: "prometheus_notifications_dropped_total",
  type: "counter",
  help: "Total number of alerts dropped due to errors when sending to Alertmanager.",
  labels: [],
  source,
};

/** Alerts waiting to be sent. */
export const prometheusNotificationsQueueLength: MetricFamily = {
  name: "prometheus_notifications_queue_length",
  type: "gauge",
  help: "The number of alert notifications in the queue.",
  labels: [],
  source,
};

/** Size of the notification queue (`--alertmanager.notification-queue-capacity`). */
export const prometheusNotificationsQueueCapacity: MetricFamily = {
  name: "prometheus_notifications_queue_capacity",
  type: "gauge",
  help: "The capacity of the alert notifications queue.",
  labels: [],
  source,
};

/** Failed TSDB compactions (head into blocks, blocks into larger ones). */
export const prometheusTsdbCompactionsFailedTotal: MetricFamily = {
  name: "prometheus_tsdb_compactions_failed_total",
  type: "counter",
  help: "Total number of compactions that failed for the partition.",
  labels: [],
  source,
};

/** Failed truncations of the in-memory head after a compaction. */
export const prometheusTsdbHeadTruncationsFailedTotal: MetricFamily = {
  name: "prometheus_tsdb_head_truncations_failed_total",
  type: "counter",
  help: "Total number of head truncations that failed.",
  labels: [],
  source,
};

/** WAL corruptions found (and repaired, losing data) while replaying at start. */
export const prometheusTsdbWalCorruptionsTotal: MetricFamily = {
  name: "prometheus_tsdb_wal_corruptions_total",
  type: "counter",
  help: "Total number of WAL corruptions.",
  labels: [],
  source,
};

/** Failed writes to the write-ahead log: appended samples are not durable. */
export const prometheusTsdbWalWritesFailedTotal: MetricFamily = {
  name: "prometheus_tsdb_wal_writes_failed_total",
  type: "counter",
  help: "Total number of write log writes that failed.",
  labels: [],
  source,
};

/** Failed reloads of the block list from disk. */
export const prometheusTsdbReloadsFailuresTotal: MetricFamily = {
  name: "prometheus_tsdb_reloads_failures_total",
  type: "counter",
  help: "Number of times the database failed to reloadBlocks block data from disk.",
  labels: [],
  source,
};

/** Samples appended to the head; `type` is `float` or `histogram`. */
export const prometheusTsdbHeadSamplesAppendedTotal: MetricFamily = {
  name: "prometheus_tsdb_head_samples_appended_total",
  type: "counter",
  help: "Total number of appended samples.",
  labels: ["type"],
  source,
};

/** Series in the head block: the active series count. */
export const prometheusTsdbHeadSeries: MetricFamily = {
  name: "prometheus_tsdb_head_series",
  type: "gauge",
  help: "Total number of series in the head block.",
  labels: [],
  source,
};

/** Remote write: samples rejected with a non-retryable error, per endpoint. */
export const prometheusRemoteStorageSamplesFailedTotal: MetricFamily = {
  name: "prometheus_remote_storage_samples_failed_total",
  type: "counter",
  help: "Total number of samples which failed on send to remote storage, non-recoverable errors.",
  labels: ["remote_name", "url"],
  source,
};

/** Scraped samples rejected: same timestamp as the previous sample, another value. */
export const prometheusTargetScrapesSampleDuplicateTimestampTotal: MetricFamily = {
  name: "prometheus_target_scrapes_sample_duplicate_timestamp_total",
  type: "counter",
  help: "Total number of samples rejected due to duplicate timestamps but different values.",
  labels: [],
  source,
};

/** Scraped samples rejected: older than the newest sample of their series. */
export const prometheusTargetScrapesSampleOutOfOrderTotal: MetricFamily = {
  name: "prometheus_target_scrapes_sample_out_of_order_total",
  type: "counter",
  help: "Total number of samples rejected due to not being out of the expected order.",
  labels: [],
  source,
};

/** Configuration and process. */
export const prometheusConfigMetrics: readonly MetricFamily[] = [
  prometheusConfigLastReloadSuccessful,
  prometheusProcessStartTimeSeconds,
];

/** Recording and alerting rule evaluation. */
export const prometheusRuleMetrics: readonly MetricFamily[] = [
  prometheusRuleEvaluationFailuresTotal,
  prometheusRuleGroupIterationsMissedTotal,
];

/** The notifier: alerts on their way to Alertmanager. */
export const prometheusNotificationMetrics: readonly MetricFamily[] = [
  prometheusNotificationsAlertmanagersDiscovered,
  prometheusNotificationsSentTotal,
  prometheusNotificationsErrorsTotal,
  prometheusNotificationsDroppedTotal,
  prometheusNotificationsQueueLength,
  prometheusNotificationsQueueCapacity,
];

/** Local storage failures: WAL, head truncation, compaction, block reloads. */
export const prometheusTsdbMetrics: readonly MetricFamily[] = [
  prometheusTsdbCompactionsFailedTotal,
  prometheusTsdbHeadTruncationsFailedTotal,
  prometheusTsdbWalCorruptionsTotal,
  prometheusTsdbWalWritesFailedTotal,
  prometheusTsdbReloadsFailuresTotal,
];

/** Load of the head block: ingestion rate and active series (dashboards, no alert). */
export const prometheusHeadMetrics: readonly MetricFamily[] = [
  prometheusTsdbHeadSamplesAppendedTotal,
  prometheusTsdbHeadSeries,
];

/** Ingestion from scrapes and remote write. */
export const prometheusIngestionMetrics: readonly MetricFamily[] = [
  prometheusRemoteStorageSamplesFailedTotal,
  prometheusTargetScrapesSampleDuplicateTimestampTotal,
  prometheusTargetScrapesSampleOutOfOrderTotal,
];

/** The families the `prometheus` pack's rules read. */
export const prometheusAlertingMetrics: readonly MetricFamily[] = [
  ...prometheusConfigMetrics,
  ...prometheusRuleMetrics,
  ...prometheusNotificationMetrics,
  ...prometheusTsdbMetrics,
  ...prometheusIngestionMetrics,
];
