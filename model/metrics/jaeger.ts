import type { MetricFamily } from "./types";

/**
 * Jaeger v2's own metrics: the OpenTelemetry Collector's internal telemetry
 * (collector v0.127 in Jaeger 2.7), served in Prometheus format on the admin
 * port and scraped by the stack's `jaeger` job. Names and labels were read
 * from a running Jaeger 2.7 with the stack's configuration: counters carry
 * `_total`, and every sample carries `otel_scope_name` (its
 * `otel_scope_version` is empty, so Prometheus drops it). Receiver and
 * exporter counters appear with the first span; the queue gauges only when
 * an exporter has a sending queue (`queue.enabled`).
 */

/** The scrape job of the stack's Jaeger. */
const source = "jaeger";

/** Spans a receiver (`otlp`) accepted, per `transport` (`grpc`, `http`). */
export const otelcolReceiverAcceptedSpansTotal: MetricFamily = {
  name: "otelcol_receiver_accepted_spans_total",
  type: "counter",
  help: "Number of spans successfully pushed into the pipeline.",
  labels: ["receiver", "transport", "otel_scope_name"],
  source,
};

/** Spans a receiver refused: the pipeline pushed back or the data was invalid. */
export const otelcolReceiverRefusedSpansTotal: MetricFamily = {
  name: "otelcol_receiver_refused_spans_total",
  type: "counter",
  help: "Number of spans that could not be pushed into the pipeline.",
  labels: ["receiver", "transport", "otel_scope_name"],
  source,
};

/** Spans an exporter (`jaeger_storage_exporter`: trace storage) wrote. */
export const otelcolExporterSentSpansTotal: MetricFamily = {
  name: "otelcol_exporter_sent_spans_total",
  type: "counter",
  help: "Number of spans successfully sent to destination.",
  labels: ["exporter", "otel_scope_name"],
  source,
};

/** Spans an exporter failed to write, after its retries. */
export const otelcolExporterSendFailedSpansTotal: MetricFamily = {
  name: "otelcol_exporter_send_failed_spans_total",
  type: "counter",
  help: "Number of spans in failed attempts to send to destination.",
  labels: ["exporter", "otel_scope_name"],
  source,
};

/** Batches waiting in an exporter's sending queue. */
export const otelcolExporterQueueSize: MetricFamily = {
  name: "otelcol_exporter_queue_size",
  type: "gauge",
  help: "Current size of the retry queue (in batches).",
  labels: ["exporter", "data_type", "otel_scope_name"],
  source,
};

/** Capacity of an exporter's sending queue. */
export const otelcolExporterQueueCapacity: MetricFamily = {
  name: "otelcol_exporter_queue_capacity",
  type: "gauge",
  help: "Fixed capacity of the retry queue (in batches).",
  labels: ["exporter", "data_type", "otel_scope_name"],
  source,
};

/** The receiving side of the trace pipeline. */
export const jaegerReceiverMetrics: readonly MetricFamily[] = [
  otelcolReceiverAcceptedSpansTotal,
  otelcolReceiverRefusedSpansTotal,
];

/** The storage side of the trace pipeline. */
export const jaegerExporterMetrics: readonly MetricFamily[] = [
  otelcolExporterSentSpansTotal,
  otelcolExporterSendFailedSpansTotal,
  otelcolExporterQueueSize,
  otelcolExporterQueueCapacity,
];

/** Every Jaeger family the stack's packs read. */
export const jaegerMetrics: readonly MetricFamily[] = [...jaegerReceiverMetrics, ...jaegerExporterMetrics];
