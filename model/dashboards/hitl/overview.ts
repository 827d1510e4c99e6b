import { DashboardBuilder, DashboardCursorSync } from "@grafana/grafana-foundation-sdk/dashboard";
import { row, statPanel, timeseriesPanel } from "../panels";
import { renderDashboard } from "../render";
import { percentiles, rate } from "../promql";
import {
  availabilitySlo,
  durationBuckets,
  hitlService,
  latencyQuantile,
  requestRatio,
  requests,
  serverErrors,
} from "./queries";

/** Stable uid: runbooks link to it. */
export const hitlOverviewUid = "hitl-overview";

const upDown = {
  "0": { text: "DOWN", color: "red" },
  "1": { text: "UP", color: "green" },
} as const;

/**
 * The HITL API at a glance (seed 004's "HITL API - Overview"): status,
 * rate, errors and P95 now, the 30-day availability, traffic by endpoint,
 * latency percentiles with exemplar links to Jaeger, review operations and
 * the database pool. A last row shows the PostgreSQL and Redis the pack's
 * PostgresDown and RedisDown alerts watch. Refreshes every 10s, as the
 * seed's did.
 */
export function hitlOverview(): Record<string, unknown> {
  const builder = new DashboardBuilder("HITL API - Overview")
    .uid(hitlOverviewUid)
    .description("Rate, errors and duration of the HITL API, its review workflow and its database pool.")
    .tags(["observability-stack", "hitl"])
    .editable()
    .tooltip(DashboardCursorSync.Tooltip)
    .refresh("10s")
    .time({ from: "now-3h", to: "now" })
    .timezone("browser")
    .withRow(row("Now"))
    .withPanel(
      statPanel({
        title: "Service status",
        description: "Whether Prometheus can scrape each instance of hitl-api. ServiceDown pages after 1 minute DOWN.",
        queries: [{ expr: `up{${hitlService}}`, legend: "{{instance}}" }],
        steps: [
          { value: null, color: "red" },
          { value: 1, color: "green" },
        ],
        valueText: upDown,
        width: 4,
      }),
    )
    .withPanel(
      statPanel({
        title: "Request rate",
        description: "Requests per second over all instances and endpoints.",
        queries: [{ expr: `sum(${rate(requests)})` }],
        unit: "reqps",
        steps: [{ value: null, color: "blue" }],
        width: 5,
      }),
    )
    .withPanel(
      statPanel({
        title: "Error rate",
        description:
          "Share of requests answered with a 5xx. ElevatedErrorRate warns above 0.5% (10m), HighErrorRate pages above 1% (5m).",
        queries: [{ expr: requestRatio(serverErrors) }],
        unit: "percentunit",
        steps: [
          { value: null, color: "green" },
          { value: 0.005, color: "orange" },
          { value: 0.01, color: "red" },
        ],
        width: 5,
      }),
    )
    .withPanel(
      statPanel({
        title: "P95 latency",
        description:
          "95th percentile request duration. ElevatedLatency warns above 500ms (10m), HighLatency pages above 1s (5m).",
        queries: [{ expr: latencyQuantile(0.95) }],
        unit: "s",
        steps: [
          { value: null, color: "green" },
          { value: 0.5, color: "orange" },
          { value: 1, color: "red" },
        ],
        width: 5,
      }),
    )
    .withPanel(
      statPanel({
        title: "30d availability",
        description:
          "Share of requests without a 5xx over the SLO's 30 days (the availability SLO's recording rule). Red below the 99.9% objective.",
        queries: [{ expr: `1 - slo:sli_error:ratio_rate30d{${availabilitySlo}}` }],
        unit: "percentunit",
        steps: [
          { value: null, color: "red" },
          { value: 0.999, color: "green" },
        ],
        width: 5,
      }).decimals(3),
    )
    .withRow(row("Traffic and latency"))
    .withPanel(
      timeseriesPanel({
        title: "Request rate by endpoint",
        description: "Requests per second by method and endpoint.",
        queries: [{ expr: `sum by (method, endpoint) (${rate(requests)})`, legend: "{{method}} {{endpoint}}" }],
        unit: "reqps",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Latency percentiles",
        description:
          "P50, P95 and P99 request duration over all endpoints. Exemplar dots link to the traces behind them in Jaeger.",
        queries: percentiles(durationBuckets),
        unit: "s",
        min: 0,
      }),
    )
    .withRow(row("Reviews and database"))
    .withPanel(
      timeseriesPanel({
        title: "Review operations",
        description:
          "Reviews created (by severity) and decided (by decision) in the last hour, a rolling count: reviews are human work, a few per minute at most.",
        queries: [
          {
            expr: `sum by (severity) (increase(review_created_total{${hitlService}}[1h]))`,
            legend: "created {{severity}}",
          },
          {
            expr: `sum by (decision) (increase(review_decision_total{${hitlService}}[1h]))`,
            legend: "decided {{decision}}",
          },
        ],
        unit: "short",
        min: 0,
      }),
    )
    .withPanel(
      timeseriesPanel({
        title: "Database connections",
        description:
          "Connections of the service's database pools, checked out (active) and waiting (idle). DatabaseConnectionPoolExhaustion pages when an instance's active share stays above 90% for 5m.",
        queries: [
          { expr: `sum(db_connections_active{${hitlService}})`, legend: "active" },
          { expr: `sum(db_connections_idle{${hitlService}})`, legend: "idle" },
        ],
        unit: "short",
        stacked: true,
        min: 0,
      }),
    )
    .withRow(row("Dependencies"))
    .withPanel(
      statPanel({
        title: "PostgreSQL",
        description:
          "Whether the stack's postgres exporters named hitl* can connect to their database (pg_up). Empty when none is configured (exporters.postgres).",
        queries: [{ expr: 'pg_up{job=~"postgres-exporter-hitl.*"}', legend: "{{job}}" }],
        steps: [
          { value: null, color: "red" },
          { value: 1, color: "green" },
        ],
        valueText: upDown,
        width: 12,
      }),
    )
    .withPanel(
      statPanel({
        title: "Redis",
        description:
          "Whether the stack's redis exporters named hitl* can reach their Redis (redis_up). Empty when none is configured (exporters.redis).",
        queries: [{ expr: 'redis_up{job=~"redis-exporter-hitl.*"}', legend: "{{job}}" }],
        steps: [
          { value: null, color: "red" },
          { value: 1, color: "green" },
        ],
        valueText: upDown,
        width: 12,
      }),
    );
  return renderDashboard(builder);
}
