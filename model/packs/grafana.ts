import { grafanaMetrics } from "../metrics/grafana";
import type { Pack } from "./types";

/**
 * Pack "grafana": the stack's Grafana answers its scrapes and serves
 * requests without server errors of its own. Applies where the stack
 * deploys Grafana (an external Grafana is someone else's to watch).
 */
export const grafanaPack: Pack = {
  name: "grafana",
  description: "Grafana up and serving without errors",
  builtIn: true,
  appliesTo: (stack) => stack.grafana,
  ruleFiles: ["grafana/grafana.rules.yml"],
  sloFiles: [],
  dashboards: [],
  metrics: grafanaMetrics,
  // The `grafana` job comes from model/prometheus/stackJobs.ts.
  scrapeJobs: [],
  // Built-in: the stack's own routes deliver these alerts.
  routes: [],
  inhibitions: [],
};
