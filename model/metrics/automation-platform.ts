import type { MetricFamily } from "./types";

/**
 * Metrics of the automation platform (seed 002): TestWatcher, AuditAgent,
 * the SafeAsyncBridge they run async work through, their DeepSeek API
 * client and the Python client's process collector. Names and types are the
 * seed's metric lists; the seed gives no label names and no histogram
 * buckets, so every family is declared without labels and without buckets
 * (the metrics-presence gate would otherwise demand labels the system was
 * never specified to have).
 */

/**
 * The pack's scrape jobs, one per component process. Each name is also the
 * `service` label the rules select on and the `source` of the families the
 * component exposes.
 */
export const automationPlatformJobs = {
  testWatcher: "test-watcher",
  auditAgent: "audit-agent",
} as const;

/** PromQL matcher for every component of the platform (and nothing else a stack scrapes). */
export const automationPlatformServices = `service=~"${automationPlatformJobs.testWatcher}|${automationPlatformJobs.auditAgent}"`;

const testWatcher = automationPlatformJobs.testWatcher;
const auditAgent = automationPlatformJobs.auditAgent;

/** TestWatcher: watches files, debounces changes, runs the affected tests. */
export const testWatcherMetrics: readonly MetricFamily[] = [
  {
    name: "test_watcher_files_processed_total",
    type: "counter",
    help: "Changed files TestWatcher has processed.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "test_watcher_tests_run_total",
    type: "counter",
    help: "Test runs TestWatcher has started.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "test_watcher_api_calls_total",
    type: "counter",
    help: "DeepSeek API calls TestWatcher has made.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "test_watcher_errors_total",
    type: "counter",
    help: "Errors TestWatcher has hit while processing changes or running tests.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "test_watcher_changed_files_current",
    type: "gauge",
    help: "Changed files waiting to be processed.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "test_watcher_processing_duration_seconds",
    type: "gauge",
    help: "Duration of the latest processing of a batch of changes, in seconds.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "test_watcher_memory_usage_bytes",
    type: "gauge",
    help: "Memory TestWatcher reports using, in bytes.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "test_watcher_debounce_duration_seconds",
    type: "histogram",
    help: "Time from the first file change to the end of its debounce window, in seconds.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "test_watcher_test_execution_duration_seconds",
    type: "histogram",
    help: "Duration of a test run, in seconds.",
    labels: [],
    source: testWatcher,
  },
];

/** AuditAgent: periodic audits of task completion markers, git commits and coverage. */
export const auditAgentMetrics: readonly MetricFamily[] = [
  {
    name: "audit_agent_runs_total",
    type: "counter",
    help: "Audit runs AuditAgent has completed.",
    labels: [],
    source: auditAgent,
  },
  {
    name: "audit_agent_completion_markers_found_total",
    type: "counter",
    help: "Task completion markers AuditAgent has found.",
    labels: [],
    source: auditAgent,
  },
  {
    name: "audit_agent_git_commits_detected_total",
    type: "counter",
    help: "Git commits AuditAgent has detected.",
    labels: [],
    source: auditAgent,
  },
  {
    name: "audit_agent_errors_total",
    type: "counter",
    help: "Errors AuditAgent has hit during runs.",
    labels: [],
    source: auditAgent,
  },
  {
    name: "audit_agent_coverage_percent",
    type: "gauge",
    help: "Test coverage measured by the latest audit, in percent (0-100).",
    labels: [],
    source: auditAgent,
  },
  {
    name: "audit_agent_last_run_timestamp",
    type: "gauge",
    help: "Unix time (seconds) the latest audit run finished.",
    labels: [],
    source: auditAgent,
  },
  {
    name: "audit_agent_active_tasks_count",
    type: "gauge",
    help: "Tasks AuditAgent is tracking as active.",
    labels: [],
    source: auditAgent,
  },
  {
    name: "audit_agent_run_duration_seconds",
    type: "histogram",
    help: "Duration of a whole audit run, in seconds.",
    labels: [],
    source: auditAgent,
  },
  {
    name: "audit_agent_analysis_duration_seconds",
    type: "histogram",
    help: "Duration of the analysis step of an audit run, in seconds.",
    labels: [],
    source: auditAgent,
  },
];

/**
 * SafeAsyncBridge: runs coroutines from synchronous callers (TestWatcher's
 * file events) on managed event loops. Declared with TestWatcher as source,
 * since it is the component that drives async API calls; AuditAgent exposes
 * them as well when it uses the bridge, and the pack's queries read them
 * from any job.
 */
export const safeAsyncBridgeMetrics: readonly MetricFamily[] = [
  {
    name: "safe_async_bridge_calls_total",
    type: "counter",
    help: "Calls run through the SafeAsyncBridge.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "safe_async_bridge_errors_total",
    type: "counter",
    help: "SafeAsyncBridge calls that raised an error.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "safe_async_bridge_timeouts_total",
    type: "counter",
    help: "SafeAsyncBridge calls that timed out.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "safe_async_bridge_pending_tasks",
    type: "gauge",
    help: "Tasks submitted to the SafeAsyncBridge and not yet finished.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "safe_async_bridge_active_loops",
    type: "gauge",
    help: "Event loops the SafeAsyncBridge is running.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "safe_async_bridge_execution_duration_seconds",
    type: "histogram",
    help: "Duration of a call through the SafeAsyncBridge, in seconds.",
    labels: [],
    source: testWatcher,
  },
];

/**
 * The platform's DeepSeek API client. DeepSeek is an external service, so
 * these are client-side counts exposed by the component that calls it
 * (TestWatcher, per its `test_watcher_api_calls_total`).
 */
export const deepseekApiMetrics: readonly MetricFamily[] = [
  {
    name: "deepseek_api_calls_total",
    type: "counter",
    help: "Requests sent to the DeepSeek API.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "deepseek_api_errors_total",
    type: "counter",
    help: "DeepSeek API requests that failed.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "deepseek_api_rate_limits_total",
    type: "counter",
    help: "DeepSeek API requests answered with a rate-limit response.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "deepseek_api_response_time_seconds",
    type: "gauge",
    help: "Response time of the latest DeepSeek API request, in seconds.",
    labels: [],
    source: testWatcher,
  },
  {
    // The seed lists it under gauges despite the `_total` name; it is kept a
    // gauge (as exposed) and read with delta(), never rate().
    name: "deepseek_api_tokens_used_total",
    type: "gauge",
    help: "DeepSeek API tokens used since the process started.",
    labels: [],
    source: testWatcher,
  },
  {
    name: "deepseek_api_request_duration_seconds",
    type: "histogram",
    help: "Duration of a DeepSeek API request, in seconds.",
    labels: [],
    source: testWatcher,
  },
];

/**
 * The Python client's process collector, on every component's `/metrics`:
 * what the seed's memory and CPU alerts read.
 */
export const automationPlatformProcessMetrics: readonly MetricFamily[] = [
  {
    name: "process_resident_memory_bytes",
    type: "gauge",
    help: "Resident memory size of the process, in bytes.",
    labels: [],
    source: "prometheus_client",
  },
  {
    name: "process_cpu_seconds_total",
    type: "counter",
    help: "User and system CPU time the process has spent, in seconds.",
    labels: [],
    source: "prometheus_client",
  },
  {
    name: "process_open_fds",
    type: "gauge",
    help: "File descriptors the process has open.",
    labels: [],
    source: "prometheus_client",
  },
  {
    name: "process_max_fds",
    type: "gauge",
    help: "File descriptor limit of the process.",
    labels: [],
    source: "prometheus_client",
  },
  {
    name: "process_start_time_seconds",
    type: "gauge",
    help: "Unix time (seconds) the process started.",
    labels: [],
    source: "prometheus_client",
  },
];

/** Every family the automation-platform pack reads. */
export const automationPlatformMetrics: readonly MetricFamily[] = [
  ...testWatcherMetrics,
  ...auditAgentMetrics,
  ...safeAsyncBridgeMetrics,
  ...deepseekApiMetrics,
  ...automationPlatformProcessMetrics,
];
