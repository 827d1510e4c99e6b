import { serviceRed } from "../dashboards/serviceRed";
import { httpServerMetrics } from "../metrics/http";
import type { Pack } from "./types";

/** Pack "red": rate, errors and duration alerts for any service exposing http_requests_total. */
export const redPack: Pack = {
  name: "red",
  description: "rate, errors and duration alerts for any service exposing http_requests_total",
  builtIn: false,
  ruleFiles: ["red/red.rules.yml"],
  sloFiles: [],
  dashboards: [serviceRed],
  metrics: httpServerMetrics,
  scrapeJobs: [],
  routes: [],
  inhibitions: [],
};
