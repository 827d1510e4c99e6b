import { DashboardBuilder, DashboardCursorSync } from "@grafana/grafana-foundation-sdk/dashboard";
import { automationPlatformServices } from "../../metrics/automation-platform";
import { row, statPanel, timeseriesPanel } from "../panels";
import { renderDashboard } from "../render";
import { automationPlatformTags, automationPlatformUid, quantileQueries } from "./queries";

/** Stable uid: the pack doc and runbooks point at it. */
export const systemHealthUid = automationPlatformUid("system-health");

const processes = `{${automationPlatformServices}}`;

/**
 * Is the automation platform healthy: both components up, alerts, errors
 * per component, each process' memory, CPU and file descriptors (what the
 * seed's memory and CPU alerts read), and the SafeAsyncBridge that both
 * components' async work goes through.
 */
export function systemHealth(): Record<string, unknown> {
  const builder = new DashboardBuilder("Automation platform: system health")
    .uid(systemHealthUid)
    .description("TestWatcher and AuditAgent up, errors, process resources and the SafeAsyncBridge.")
    .tags(automationPlatformTags)
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .withRow(row("Components"))
    .withPanel(
      statPanel({
        title: "Components up",
        description:
          "Each component's worst target: UP when every process answered its last scrape. DOWN for 2 minutes pages (ComponentDown).",
        queries: [{ expr: `min by (service) (up${processes})`, legend: "{{service}}" }],
        steps: [
          { value: null, color: "red" },
          { value: 1, color: "green" },
        ],
        valueText: { "0": { text: "DOWN", color: "red" }, "1": { text: "UP", color: "green" } },
        width: 12,
        height: 5,
      }),
    )
    .withPanel(
      statPanel({
        title: "Alerts firing",
        description: "Alerts of this pack firing now, all severities.",
        queries: [{ expr: 'count(ALERTS{pack="automation-platform", alertstate="firing"}) or vector(0)' }],
        steps: [
          { value: null, color: "green" },
          { value: 1, color: "red" },
        ],
        height: 5,
      }),
    )
    .withPanel(
      statPanel({
        title: "Restarts (1h)",
        description:
          "Process restarts in the last hour, from changes of the process start time. More than one points at a crash loop.",
        queries: [{ expr: `sum(changes(process_start_time_seconds${processes}[1h])) or vector(0)` }],
        steps: [
          { value: null, color: "green" },
          { value: 1, color: "orange" },
          { value: 3, color: "red" },
        ],
        height: 5,
      }),
    )
    .withRow(row("Errors"))
    .withPanel(
      timeseriesPanel({
        title: "Errors per second by component",
        description:
          "Errors per second of each component's <component>_errors_total, per service. Above 0.1/s for 5 minutes pages (HighErrorRate).",
        queries: [
          { expr: "service_component:automation_platform_errors:rate5m", legend: "{{component}} ({{service}})" },
        ],
        unit: "short",
        min: 0,
        width: 24,
      }),
    )
    .withRow(row("Process resources"))
    .withPanel(
      timeseriesPanel({
        title: "Resident memory",
        description:
          "Resident memory of each process. Above 1 GB for 10 minutes pages (MemoryLeakDetected); a line that only climbs is a leak.",
        queries: [{ expr: `process_resident_memory_bytes${processes}`, legend: "{{service}} {{instance}}" }],
        unit: "bytes",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "CPU usage",
        description:
          "CPU time per second of each process, as a share of one core (a Python process mostly runs on one). Above 80% for 10 minutes warns (HighCPUUsage).",
        queries: [
          {
            expr: `rate(process_cpu_seconds_total${processes}[$__rate_interval])`,
            legend: "{{service}} {{instance}}",
          },
        ],
        unit: "percentunit",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "File descriptors used",
        description:
          "Open file descriptors as a share of the process limit. TestWatcher holds one per watched directory; a climb toward 100% ends in 'too many open files'.",
        queries: [
          {
            expr: `process_open_fds${processes} / process_max_fds${processes}`,
            legend: "{{service}} {{instance}}",
          },
        ],
        unit: "percentunit",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Uptime",
        description: "Time since each process started; a drop to zero is a restart.",
        queries: [{ expr: `time() - process_start_time_seconds${processes}`, legend: "{{service}} {{instance}}" }],
        unit: "s",
        min: 0,
      }),
    )
    .withRow(row("SafeAsyncBridge"))
    .withPanel(
      timeseriesPanel({
        title: "Bridge calls, errors and timeouts",
        description:
          "Calls per second through the SafeAsyncBridge, and those that raised or timed out. Timeouts without errors point at a stuck event loop.",
        queries: [
          { expr: "sum(rate(safe_async_bridge_calls_total[$__rate_interval]))", legend: "calls" },
          { expr: "sum(rate(safe_async_bridge_errors_total[$__rate_interval]))", legend: "errors" },
          { expr: "sum(rate(safe_async_bridge_timeouts_total[$__rate_interval]))", legend: "timeouts" },
        ],
        unit: "ops",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Pending tasks and active loops",
        description:
          "Tasks submitted to the bridge and not finished, and event loops it runs. Either climbing without bound leaks memory (see MemoryLeakDetected).",
        queries: [
          { expr: "sum by (service) (safe_async_bridge_pending_tasks)", legend: "pending tasks ({{service}})" },
          { expr: "sum by (service) (safe_async_bridge_active_loops)", legend: "active loops ({{service}})" },
        ],
        unit: "short",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Bridge execution duration",
        description:
          "P50, P95 and P99 duration of calls through the SafeAsyncBridge. Exemplar dots link to the traces behind them.",
        queries: quantileQueries("safe_async_bridge_execution_duration_seconds", "$__rate_interval"),
        unit: "s",
        min: 0,
        width: 24,
      }),
    );
  return renderDashboard(builder);
}
