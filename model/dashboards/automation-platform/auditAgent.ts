import { DashboardBuilder, DashboardCursorSync } from "@grafana/grafana-foundation-sdk/dashboard";
import { gaugePanel, row, statPanel, timeseriesPanel } from "../panels";
import { renderDashboard } from "../render";
import { automationPlatformTags, automationPlatformUid, quantileQueries } from "./queries";

/** Stable uid: the pack doc points at it. */
export const auditAgentUid = automationPlatformUid("audit-agent");

/**
 * AuditAgent's metrics: coverage, how long ago it last ran, what it finds
 * (completion markers, git commits), its active tasks, errors and how long
 * runs and analyses take. Audits run on a schedule, so counts are hourly
 * increases and durations use a 1h window rather than the rate interval.
 */
export function auditAgentMetrics(): Record<string, unknown> {
  const builder = new DashboardBuilder("Automation platform: AuditAgent metrics")
    .uid(auditAgentUid)
    .description("Coverage, runs, findings, active tasks, errors and run duration of AuditAgent.")
    .tags(automationPlatformTags)
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh("1m")
    .time({ from: "now-24h", to: "now" })
    .timezone("browser")
    .withRow(row("Now"))
    .withPanel(
      gaugePanel({
        title: "Coverage",
        description: "Test coverage measured by the latest audit.",
        queries: [{ expr: "max(audit_agent_coverage_percent)" }],
        unit: "percent",
        min: 0,
        max: 100,
        decimals: 1,
        steps: [{ value: null, color: "blue" }],
        height: 5,
      }),
    )
    .withPanel(
      statPanel({
        title: "Since last run",
        description:
          "Time since the latest audit run finished. Growing well past the audit schedule means AuditAgent has stalled even if it is up.",
        queries: [{ expr: "time() - max(audit_agent_last_run_timestamp)" }],
        unit: "s",
        steps: [{ value: null, color: "blue" }],
        height: 5,
      }),
    )
    .withPanel(
      statPanel({
        title: "Active tasks",
        description: "Tasks AuditAgent is tracking as active.",
        queries: [{ expr: "sum(audit_agent_active_tasks_count)" }],
        steps: [{ value: null, color: "blue" }],
        height: 5,
      }),
    )
    .withPanel(
      statPanel({
        title: "Runs (24h)",
        description: "Audit runs completed in the last 24 hours.",
        queries: [{ expr: "sum(increase(audit_agent_runs_total[24h]))" }],
        steps: [{ value: null, color: "blue" }],
        height: 5,
      }),
    )
    .withRow(row("Activity"))
    .withPanel(
      timeseriesPanel({
        title: "Runs, completion markers and commits per hour",
        description:
          "Audit runs, task completion markers found and git commits detected, each over the preceding hour.",
        queries: [
          { expr: "sum(increase(audit_agent_runs_total[1h]))", legend: "runs" },
          { expr: "sum(increase(audit_agent_completion_markers_found_total[1h]))", legend: "completion markers" },
          { expr: "sum(increase(audit_agent_git_commits_detected_total[1h]))", legend: "git commits" },
        ],
        unit: "short",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Errors per minute",
        description: "AuditAgent's errors per minute. Above 6 a minute (0.1/s) for 5 minutes pages (HighErrorRate).",
        queries: [{ expr: "sum(rate(audit_agent_errors_total[$__rate_interval])) * 60", legend: "errors" }],
        unit: "opm",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Coverage over time",
        description: "Coverage measured by each audit; a step down follows a change that added untested code.",
        queries: [{ expr: "audit_agent_coverage_percent", legend: "{{instance}}" }],
        unit: "percent",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Active tasks",
        description: "Tasks AuditAgent is tracking as active, per process.",
        queries: [{ expr: "audit_agent_active_tasks_count", legend: "{{instance}}" }],
        unit: "short",
        min: 0,
      }),
    )
    .withRow(row("Durations"))
    .withPanel(
      timeseriesPanel({
        title: "Run duration",
        description: "P50/P95/P99 duration of whole audit runs over the preceding hour. Exemplar dots link to traces.",
        queries: quantileQueries("audit_agent_run_duration_seconds", "1h"),
        unit: "s",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Analysis duration",
        description:
          "P50/P95/P99 duration of the analysis step of audit runs over the preceding hour. Exemplar dots link to traces.",
        queries: quantileQueries("audit_agent_analysis_duration_seconds", "1h"),
        unit: "s",
        min: 0,
      }),
    );
  return renderDashboard(builder);
}
