import { jaegerMetrics } from "../metrics/jaeger";
import type { Pack } from "./types";

/**
 * Pack "jaeger": Jaeger v2 (an OpenTelemetry Collector) answers its scrapes,
 * accepts spans on its OTLP receivers and writes them to trace storage
 * without failures or a filling queue. Applies where the stack runs Jaeger.
 */
export const jaegerPack: Pack = {
  name: "jaeger",
  description: "Jaeger up, receiving spans and storing them without errors",
  builtIn: true,
  appliesTo: (stack) => stack.jaeger,
  ruleFiles: ["jaeger/jaeger.rules.yml"],
  sloFiles: [],
  dashboards: [],
  metrics: jaegerMetrics,
  // The `jaeger` job (the collector's metrics on the admin port) comes from
  // model/prometheus/stackJobs.ts.
  scrapeJobs: [],
  // Built-in: the stack's own routes deliver these alerts.
  routes: [],
  inhibitions: [
    {
      // A full queue makes the receivers refuse spans: the queue is the cause
      // to work on, the refusals its symptom.
      sourceMatchers: ['alertname="JaegerExporterQueueFilling"'],
      targetMatchers: ['alertname="JaegerReceiverRefusedSpans"'],
      equal: ["job", "instance"],
    },
  ],
};
