/** Part b, the scrape configuration: the dev stack's prometheus.yml for 1,000 services in a live Prometheus. */
import * as path from "node:path";
import { settleSeconds } from "./parameters";
import { metricSum, ownMetrics } from "./prometheusMetrics";
import { type PrometheusProcess, waitReady, withPrometheus } from "./prometheusProcess";
import { request } from "./requests";
import { devScaleConfig } from "./scrapeConfig";
import { bucketBounds, startSyntheticServer } from "./synthetic";
import { sleep, waitFor } from "../measure";
import { progress } from "./util";

/** A small service exposition for every scrape, and blackbox's probe result for /probe. */
function scrapeTargetBody(url: string, since: number): string {
  if (url.startsWith("/probe")) return "probe_success 1\nprobe_duration_seconds 0.012\nprobe_http_status_code 200\n";
  const total = Math.floor((Date.now() / 1000 - since) * 5);
  return [
    "# TYPE http_requests_total counter",
    `http_requests_total{status="200"} ${total}`,
    `http_requests_total{status="500"} ${Math.floor(total / 500)}`,
    "# TYPE http_request_duration_seconds histogram",
    ...bucketBounds.map(
      (bound, index) =>
        `http_request_duration_seconds_bucket{le="${bound}"} ${Math.floor((total * (index + 94)) / 100)}`,
    ),
    `http_request_duration_seconds_count ${total}`,
    `http_request_duration_seconds_sum ${total * 0.1}`,
    "",
  ].join("\n");
}

/** The scrape configuration's figures. */
export interface ScrapeFigures {
  readonly jobs: number;
  readonly staticTargets: number;
  readonly relabels: number;
  readonly credentialFiles: number;
  readonly ruleFiles: number;
  readonly readyMs: number;
  readonly allUpMs: number | undefined;
  readonly reloadMs: number;
  readonly reloadSuccessful: number;
  readonly targets: number;
  readonly up: number;
  readonly headSeries: number;
  readonly rssBytes: number;
  readonly heapBytes: number;
  readonly settleSeconds: number;
}

/** How many active targets Prometheus has, and how many of them are up. */
async function targetHealth(prometheus: PrometheusProcess): Promise<{ targets: number; up: number }> {
  const { body } = await request(`${prometheus.url}/api/v1/targets?state=active`);
  const active = (JSON.parse(body) as { data: { activeTargets: { health: string }[] } }).data.activeTargets;
  return { targets: active.length, up: active.filter((target) => target.health === "up").length };
}

/**
 * Part b: starts Prometheus on the dev stack's scrape configuration of
 * 1,000 services and measures startup, first scrape of every target, reload
 * and memory.
 */
export async function scrapePart(binary: string, dir: string): Promise<ScrapeFigures> {
  const since = Date.now() / 1000;
  const server = await startSyntheticServer((url) => scrapeTargetBody(url, since));
  try {
    const written = devScaleConfig(path.join(dir, "scrape"), server.address);
    progress(`scrape config: ${written.jobs} jobs, ${written.staticTargets} static targets; starting Prometheus`);
    return await withPrometheus(
      binary,
      path.join(dir, "scrape"),
      written.configPath,
      ["--web.enable-lifecycle"],
      async (prometheus) => {
        const readyMs = await waitReady(prometheus);
        progress(`scrape config: ready in ${(readyMs / 1000).toFixed(1)} s; waiting for every target to be up`);
        const allUpMs = await waitFor("every target up", 90_000, async () => {
          const health = await targetHealth(prometheus);
          return health.targets > 0 && health.up === health.targets ? Date.now() - prometheus.spawnedAt : undefined;
        }).catch(() => undefined);
        const reloadStarted = Date.now();
        const reload = await request(`${prometheus.url}/-/reload`, "POST");
        const reloadMs = Date.now() - reloadStarted;
        if (reload.status !== 200) throw new Error(`POST /-/reload answered ${reload.status}: ${reload.body}`);
        progress(`scrape config: reloaded in ${reloadMs} ms; ${settleSeconds} s more before reading memory`);
        await sleep(settleSeconds * 1000);
        const metrics = await ownMetrics(prometheus);
        return {
          ...written,
          readyMs,
          allUpMs,
          reloadMs,
          reloadSuccessful: metricSum(metrics, "prometheus_config_last_reload_successful"),
          ...(await targetHealth(prometheus)),
          headSeries: metricSum(metrics, "prometheus_tsdb_head_series"),
          rssBytes: metricSum(metrics, "process_resident_memory_bytes"),
          heapBytes: metricSum(metrics, "go_memstats_heap_inuse_bytes"),
          settleSeconds,
        };
      },
    );
  } finally {
    await server.close();
  }
}
