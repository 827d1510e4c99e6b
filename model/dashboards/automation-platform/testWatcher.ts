import { DashboardBuilder, DashboardCursorSync } from "@grafana/grafana-foundation-sdk/dashboard";
import { automationPlatformJobs } from "../../metrics/automation-platform";
import { heatmapPanel, row, statPanel, timeseriesPanel } from "../panels";
import { renderDashboard } from "../render";
import { automationPlatformTags, automationPlatformUid, bucketRatesQuery, meanQuery, quantileQueries } from "./queries";

/** Stable uid: the pack doc and the SlowTestExecution runbook point at it. */
export const testWatcherUid = automationPlatformUid("test-watcher");

const testRuns = "test_watcher_test_execution_duration_seconds";

/**
 * TestWatcher's performance: how many changes and test runs it handles,
 * what waits, how long debouncing and test runs take (the SlowTestExecution
 * alert's mean next to the percentiles), its errors and API calls, and its
 * memory. Test runs are sparse, so their panels use 15m windows (the
 * alert's) instead of the rate interval.
 */
export function testWatcherPerformance(): Record<string, unknown> {
  const builder = new DashboardBuilder("Automation platform: TestWatcher performance")
    .uid(testWatcherUid)
    .description(
      "Changes processed, test runs and their duration, debounce, errors, API calls and memory of TestWatcher.",
    )
    .tags(automationPlatformTags)
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .withRow(row("Now"))
    .withPanel(
      statPanel({
        title: "Test runs (1h)",
        description: "Test runs TestWatcher started in the last hour.",
        queries: [{ expr: "sum(increase(test_watcher_tests_run_total[1h]))" }],
        steps: [{ value: null, color: "blue" }],
      }),
    )
    .withPanel(
      statPanel({
        title: "Files processed (1h)",
        description: "Changed files TestWatcher processed in the last hour.",
        queries: [{ expr: "sum(increase(test_watcher_files_processed_total[1h]))" }],
        steps: [{ value: null, color: "blue" }],
      }),
    )
    .withPanel(
      statPanel({
        title: "Changed files waiting",
        description: "Changed files not yet processed. A number that stays up means runs cannot keep up with changes.",
        queries: [{ expr: "sum(test_watcher_changed_files_current)" }],
        steps: [{ value: null, color: "blue" }],
      }),
    )
    .withPanel(
      statPanel({
        title: "Mean test run (15m)",
        description:
          "Mean duration of the test runs of the last 15 minutes. Above 60s for 5 minutes warns (SlowTestExecution).",
        queries: [{ expr: "max(service:test_watcher_test_execution_duration_seconds:mean15m)" }],
        unit: "s",
        steps: [
          { value: null, color: "green" },
          { value: 30, color: "orange" },
          { value: 60, color: "red" },
        ],
      }),
    )
    .withRow(row("Throughput"))
    .withPanel(
      timeseriesPanel({
        title: "Files processed and tests run",
        description: "Changed files processed and test runs started, per minute.",
        queries: [
          { expr: "sum(rate(test_watcher_files_processed_total[$__rate_interval])) * 60", legend: "files processed" },
          { expr: "sum(rate(test_watcher_tests_run_total[$__rate_interval])) * 60", legend: "tests run" },
        ],
        unit: "opm",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Changed files waiting",
        description: "Changed files waiting to be processed, per process.",
        queries: [{ expr: "test_watcher_changed_files_current", legend: "{{instance}}" }],
        unit: "short",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Errors and API calls",
        description:
          "TestWatcher's errors and its DeepSeek API calls per minute. Errors above 6 a minute (0.1/s) for 5 minutes page (HighErrorRate).",
        queries: [
          { expr: "sum(rate(test_watcher_errors_total[$__rate_interval])) * 60", legend: "errors" },
          { expr: "sum(rate(test_watcher_api_calls_total[$__rate_interval])) * 60", legend: "API calls" },
        ],
        unit: "opm",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Memory usage",
        description:
          "Memory TestWatcher reports using, next to its resident memory as the process collector sees it (1 GB pages, MemoryLeakDetected).",
        queries: [
          { expr: "test_watcher_memory_usage_bytes", legend: "reported {{instance}}" },
          {
            expr: `process_resident_memory_bytes{service="${automationPlatformJobs.testWatcher}"}`,
            legend: "resident {{instance}}",
          },
        ],
        unit: "bytes",
        min: 0,
      }),
    )
    .withRow(row("Durations"))
    .withPanel(
      timeseriesPanel({
        title: "Test execution duration",
        description:
          "Mean (the SlowTestExecution alert's measure, 60s threshold) and P50/P95/P99 of test runs over 15 minutes. Percentiles cannot exceed the histogram's top finite bucket. Exemplar dots link to traces.",
        queries: [meanQuery(testRuns, "15m"), ...quantileQueries(testRuns, "15m")],
        unit: "s",
        min: 0,
      }),
    )
    .withPanel(
      heatmapPanel({
        title: "Test execution duration distribution",
        description: "Test runs per duration bucket over time; shows whether slowness is every run or a few outliers.",
        queries: [bucketRatesQuery(testRuns, "15m")],
        unit: "s",
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Debounce duration",
        description:
          "P50/P95/P99 time from the first change of a burst to the end of its debounce window, over 15 minutes. Exemplar dots link to traces.",
        queries: quantileQueries("test_watcher_debounce_duration_seconds", "15m"),
        unit: "s",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Processing duration (latest batch)",
        description: "How long the latest batch of changes took to process, per process.",
        queries: [{ expr: "test_watcher_processing_duration_seconds", legend: "{{instance}}" }],
        unit: "s",
        min: 0,
      }),
    );
  return renderDashboard(builder);
}
