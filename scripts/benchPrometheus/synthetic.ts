/**
 * Synthetic series: what the services' SLO queries read. The same counters
 * are written into the data folder beforehand (backfill, through promtool)
 * and served live to the scrape, so that both continue each other.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type * as net from "node:net";
import * as path from "node:path";
import { backfillStepSeconds } from "./parameters";

/** One synthetic service: its request rate, share of 5xx and share of requests per latency bucket. */
export interface SyntheticService {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly serverErrorRatio: number;
  readonly clientErrorRatio: number;
  /** Cumulative share of requests at or below each bound of `bucketBounds`. */
  readonly withinBounds: readonly number[];
}

/** Bucket bounds as Prometheus 3 writes `le` (model/slo/serviceSlos.ts reads `le="0.5"`). */
export const bucketBounds = ["0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"] as const;

/**
 * Varied but deterministic services: rates from 2 to 20 requests a second;
 * most with a few 5xx, one in four with none (its error query then returns
 * no series, which is where our rules and Sloth's differ), one in ten
 * burning its budget, one in ten slow.
 */
export function syntheticServices(names: readonly string[]): SyntheticService[] {
  return names.map((name, index) => ({
    name,
    requestsPerSecond: 2 + (index % 10) * 2,
    serverErrorRatio: index % 4 === 3 ? 0 : index % 10 === 0 ? 0.03 : 0.002,
    clientErrorRatio: 0.01,
    withinBounds: index % 10 === 5 ? [0.3, 0.5, 0.7, 0.9, 0.97, 0.995, 1] : [0.6, 0.8, 0.95, 0.996, 0.999, 0.9999, 1],
  }));
}

/** Counters as a function of time since `origin`, so that backfill and live scrapes continue each other. */
function serviceSamples(service: SyntheticService, seconds: number): { series: string; value: number }[] {
  const total = Math.floor(service.requestsPerSecond * seconds);
  const serverErrors = Math.floor(total * service.serverErrorRatio);
  const clientErrors = Math.floor(total * service.clientErrorRatio);
  // job and instance are in the exposition (the bench's job honours them), so
  // backfilled and scraped series are the same series.
  const own = `job="${service.name}",instance="synthetic",service="${service.name}"`;
  const samples = [
    { series: `http_requests_total{${own},status="200"}`, value: total - serverErrors - clientErrors },
    { series: `http_requests_total{${own},status="404"}`, value: clientErrors },
  ];
  if (service.serverErrorRatio > 0) {
    samples.push({ series: `http_requests_total{${own},status="500"}`, value: serverErrors });
  }
  bucketBounds.forEach((bound, index) => {
    samples.push({
      series: `http_request_duration_seconds_bucket{${own},le="${bound}"}`,
      value: Math.floor(total * (service.withinBounds[index] ?? 1)),
    });
  });
  samples.push({ series: `http_request_duration_seconds_count{${own}}`, value: total });
  samples.push({ series: `http_request_duration_seconds_sum{${own}}`, value: total * 0.12 });
  return samples;
}

/** The live exposition (text format 0.0.4) of every synthetic service at `seconds` after the origin. */
export function sloExposition(services: readonly SyntheticService[], seconds: number): string {
  const lines = services.flatMap((service) => serviceSamples(service, seconds).map((s) => `${s.series} ${s.value}`));
  // The text format wants each metric family's lines together, under its TYPE.
  const family = (prefix: string) => lines.filter((line) => line.startsWith(prefix));
  return [
    "# TYPE http_requests_total counter",
    ...family("http_requests_total{"),
    "# TYPE http_request_duration_seconds histogram",
    ...family("http_request_duration_seconds_"),
    "",
  ].join("\n");
}

/**
 * Writes the same series as OpenMetrics with timestamps, from `origin` to
 * `end`, for `promtool tsdb create-blocks-from openmetrics`: untyped, so that
 * each series' samples can run in time order without OpenMetrics' histogram
 * grouping. Streamed, service by service: the whole text is a few hundred MB.
 */
function writeBackfill(file: string, services: readonly SyntheticService[], origin: number, end: number): void {
  const out = fs.openSync(file, "w");
  try {
    for (const service of services) {
      const columns: string[][] = serviceSamples(service, 0).map(() => []);
      for (let at = origin; at <= end; at += backfillStepSeconds) {
        serviceSamples(service, at - origin).forEach((sample, index) => {
          columns[index].push(`${sample.series} ${sample.value} ${at}\n`);
        });
      }
      for (const column of columns) fs.writeSync(out, column.join(""));
    }
    fs.writeSync(out, "# EOF\n");
  } finally {
    fs.closeSync(out);
  }
}

/** A synthetic target on 127.0.0.1, stopped by `close`. */
export interface SyntheticServer {
  readonly address: string;
  close(): Promise<void>;
}

/** Serves `body(path)` to every request (and 200 to Prometheus' alert posts). */
export async function startSyntheticServer(body: (url: string) => string): Promise<SyntheticServer> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(req.method === "GET" ? body(req.url ?? "/") : "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes blocks of the services' series from `origin` to now into `<dir>/data`, Prometheus' data folder. */
export function backfill(promtool: string, services: readonly SyntheticService[], dir: string, origin: number): void {
  const text = path.join(dir, "backfill.om.txt");
  const data = path.join(dir, "data");
  writeBackfill(text, services, origin, Math.floor(Date.now() / 1000));
  fs.mkdirSync(data, { recursive: true });
  execFileSync(promtool, ["tsdb", "create-blocks-from", "openmetrics", text, data], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  fs.rmSync(text);
}
