/** Reading a running Prometheus: its own /metrics, and instant queries. */
import type { PrometheusProcess } from "./prometheusProcess";
import { request } from "./requests";

/** One sample of Prometheus' own /metrics: `name` → [{labels, value}]. */
export type MetricSamples = Map<string, { labels: string; value: number }[]>;

/** Parses the text exposition of /metrics (enough of it for the gauges read here). */
export async function ownMetrics(prometheus: PrometheusProcess): Promise<MetricSamples> {
  const { body } = await request(`${prometheus.url}/metrics`);
  const samples: MetricSamples = new Map();
  for (const line of body.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)/.exec(line);
    if (match === null) continue;
    const list = samples.get(match[1]) ?? [];
    list.push({ labels: match[2] ?? "", value: Number(match[3]) });
    samples.set(match[1], list);
  }
  return samples;
}

/** The sum of every sample of `name` (0 when there is none). */
export function metricSum(samples: MetricSamples, name: string): number {
  return (samples.get(name) ?? []).reduce((sum, sample) => sum + sample.value, 0);
}

/** The value of an instant query that returns one number (0 when it returns nothing). */
export async function queryNumber(prometheus: PrometheusProcess, query: string): Promise<number> {
  const { body } = await request(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const result = (JSON.parse(body) as { data?: { result?: { value: [number, string] }[] } }).data?.result ?? [];
  return result.length === 0 ? 0 : Number(result[0].value[1]);
}
