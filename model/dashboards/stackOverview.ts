import { DashboardBuilder, DashboardCursorSync } from "@grafana/grafana-foundation-sdk/dashboard";
import type { DashboardContext } from "./context";
import { row, statPanel, timeseriesPanel } from "./panels";
import { renderDashboard } from "./render";

/** Stable uid: links, bookmarks and the home dashboard setting point at it. */
export const stackOverviewUid = "stack-overview";

const green = "green";
const red = "red";
const orange = "orange";

/**
 * Is the stack healthy: every scrape target up, Prometheus ingesting and
 * evaluating rules, alerts firing, Alertmanager delivering notifications,
 * configurations loaded and storage healthy, and (when Jaeger runs) spans
 * flowing into trace storage. The `stack` pack's dashboard; the panels
 * mirror the alerts of the prometheus, alertmanager and jaeger packs.
 */
export function stackOverview(context: DashboardContext): Record<string, unknown> {
  const builder = new DashboardBuilder("Observability stack overview")
    .uid(stackOverviewUid)
    .description("Health of the monitoring stack itself: targets, ingestion, rules, alerts and notifications.")
    .tags(["observability-stack", "stack", "self-monitoring"])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .withRow(row("Components"))
    .withPanel(
      statPanel({
        title: "Scrape targets up",
        description:
          "Each scrape job's worst target: UP when every target answered its last scrape. A DOWN job has a target Prometheus cannot reach; see the TargetDown alert.",
        queries: [{ expr: "min by (job) (up)", legend: "{{job}}" }],
        steps: [
          { value: null, color: red },
          { value: 1, color: green },
        ],
        valueText: { "0": { text: "DOWN", color: red }, "1": { text: "UP", color: green } },
        width: 24,
        height: 5,
      }),
    )
    .withPanel(
      statPanel({
        title: "Targets down",
        description: "Number of scrape targets whose last scrape failed, across all jobs.",
        queries: [{ expr: "count(up == 0) or vector(0)" }],
        steps: [
          { value: null, color: green },
          { value: 1, color: red },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Alerts firing",
        description: "Alerts currently firing in Prometheus, all severities.",
        queries: [{ expr: 'count(ALERTS{alertstate="firing"}) or vector(0)' }],
        steps: [
          { value: null, color: green },
          { value: 1, color: orange },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Rule evaluation failures (1h)",
        description:
          "Rule evaluations that failed in the last hour; any failure means an alert or recording rule is blind.",
        queries: [{ expr: "sum(increase(prometheus_rule_evaluation_failures_total[1h])) or vector(0)" }],
        steps: [
          { value: null, color: green },
          { value: 1, color: red },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Failed notifications (1h)",
        description: "Notifications Alertmanager could not deliver in the last hour, all integrations.",
        queries: [{ expr: "sum(increase(alertmanager_notifications_failed_total[1h])) or vector(0)" }],
        steps: [
          { value: null, color: green },
          { value: 1, color: red },
        ],
      }),
    )
    .withPanel(
      statPanel({
        title: "Configuration loaded",
        description:
          "Whether every Prometheus and Alertmanager replica applied its last configuration reload. FAILED: a replica runs an older configuration; see PrometheusConfigReloadFailed / AlertmanagerConfigReloadFailed.",
        queries: [
          { expr: "min(prometheus_config_last_reload_successful)", legend: "Prometheus" },
          { expr: "min(alertmanager_config_last_reload_successful)", legend: "Alertmanager" },
        ],
        steps: [
          { value: null, color: red },
          { value: 1, color: green },
        ],
        valueText: { "0": { text: "FAILED", color: red }, "1": { text: "OK", color: green } },
        width: 24,
        height: 4,
      }),
    )
    .withRow(row("Prometheus"))
    .withPanel(
      timeseriesPanel({
        title: "Ingestion rate",
        description: "Samples appended to the TSDB head per second, per Prometheus replica.",
        queries: [
          {
            expr: "sum by (instance) (rate(prometheus_tsdb_head_samples_appended_total[$__rate_interval]))",
            legend: "{{instance}}",
          },
        ],
        unit: "cps",
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Active series",
        description: "Series in the TSDB head per replica; a sudden climb is a cardinality explosion.",
        queries: [{ expr: "sum by (instance) (prometheus_tsdb_head_series)", legend: "{{instance}}" }],
        unit: "short",
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Rule evaluation failures",
        description: "Failed rule evaluations per rule group.",
        queries: [
          {
            expr: "sum by (rule_group) (rate(prometheus_rule_evaluation_failures_total[$__rate_interval])) > 0",
            legend: "{{rule_group}}",
          },
        ],
        unit: "ops",
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Alerts firing by severity",
        description: "Firing alerts over time, by severity label.",
        queries: [{ expr: 'count by (severity) (ALERTS{alertstate="firing"})', legend: "{{severity}}" }],
        unit: "short",
        stacked: true,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Alerts sent to Alertmanager",
        description: "Alerts Prometheus sent, and the errors and drops on the way to Alertmanager.",
        queries: [
          { expr: "sum(rate(prometheus_notifications_sent_total[$__rate_interval]))", legend: "sent" },
          { expr: "sum(rate(prometheus_notifications_errors_total[$__rate_interval]))", legend: "errors" },
          { expr: "sum(rate(prometheus_notifications_dropped_total[$__rate_interval]))", legend: "dropped" },
        ],
        unit: "ops",
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Notification queue",
        description:
          "Alerts waiting in each replica's queue to Alertmanager, against the queue's capacity; a queue that keeps growing overflows and drops alerts.",
        queries: [
          { expr: "max by (instance) (prometheus_notifications_queue_length)", legend: "{{instance}}" },
          { expr: "max(prometheus_notifications_queue_capacity)", legend: "capacity" },
        ],
        unit: "short",
        width: 8,
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Rule group evaluations missed",
        description:
          "Evaluations skipped because the previous one of the group overran its interval, per rule group; a slow group alerts late.",
        queries: [
          {
            expr: "sum by (rule_group) (rate(prometheus_rule_group_iterations_missed_total[$__rate_interval])) > 0",
            legend: "{{rule_group}}",
          },
        ],
        unit: "ops",
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Storage failures",
        description:
          "Failed TSDB compactions, head truncations, block reloads and WAL writes, all replicas. Anything above zero for long is a disk or data problem.",
        queries: [
          {
            expr: "sum(increase(prometheus_tsdb_compactions_failed_total[$__rate_interval]))",
            legend: "compactions",
          },
          {
            expr: "sum(increase(prometheus_tsdb_head_truncations_failed_total[$__rate_interval]))",
            legend: "head truncations",
          },
          {
            expr: "sum(increase(prometheus_tsdb_reloads_failures_total[$__rate_interval]))",
            legend: "block reloads",
          },
          {
            expr: "sum(increase(prometheus_tsdb_wal_writes_failed_total[$__rate_interval]))",
            legend: "WAL writes",
          },
        ],
        unit: "short",
        width: 8,
        min: 0,
      }),
    )
    .withRow(row("Alertmanager"))
    .withPanel(
      timeseriesPanel({
        title: "Notifications by integration",
        description:
          "Notifications Alertmanager attempted per second, by integration (pagerduty, slack, email, webhook).",
        queries: [
          {
            expr: "sum by (integration) (rate(alertmanager_notifications_total[$__rate_interval]))",
            legend: "{{integration}}",
          },
        ],
        unit: "ops",
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Failed notifications",
        description:
          "Notifications that failed, by integration; persistent failures mean pages are not reaching anyone.",
        queries: [
          {
            expr: "sum by (integration) (rate(alertmanager_notifications_failed_total[$__rate_interval]))",
            legend: "{{integration}}",
          },
        ],
        unit: "ops",
        width: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Cluster members",
        description: "Peers each Alertmanager replica sees; below the replica count means the cluster is split.",
        queries: [{ expr: "max by (instance) (alertmanager_cluster_members)", legend: "{{instance}}" }],
        unit: "short",
        width: 8,
        min: 0,
      }),
    );

  if (context.tracing) {
    builder
      .withRow(row("Tracing (Jaeger)"))
      .withPanel(
        timeseriesPanel({
          title: "Spans received",
          description: "Spans accepted and refused by Jaeger's OTLP receivers per second.",
          queries: [
            { expr: "sum(rate(otelcol_receiver_accepted_spans_total[$__rate_interval]))", legend: "accepted" },
            { expr: "sum(rate(otelcol_receiver_refused_spans_total[$__rate_interval]))", legend: "refused" },
          ],
          unit: "cps",
        }),
      )
      .withPanel(
        timeseriesPanel({
          title: "Spans written to storage",
          description: "Spans the storage exporter wrote, and those it failed to write.",
          queries: [
            { expr: "sum(rate(otelcol_exporter_sent_spans_total[$__rate_interval]))", legend: "sent" },
            { expr: "sum(rate(otelcol_exporter_send_failed_spans_total[$__rate_interval]))", legend: "failed" },
          ],
          unit: "cps",
        }),
      );
  }
  return renderDashboard(builder);
}
