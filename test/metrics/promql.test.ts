import { describe, expect, it } from "vitest";
import { familyOfSeries, mergeCatalogs, unknownLabels } from "../../model/metrics/catalog";
import { analysePromql, withoutGrafanaIntervals } from "../../model/metrics/promql";
import type { MetricFamily } from "../../model/metrics/types";

const catalog: MetricFamily[] = [
  { name: "jobs_total", type: "counter", help: "Jobs.", labels: ["queue"], source: "worker" },
  { name: "job_seconds", type: "histogram", help: "Job time.", labels: ["queue"], source: "worker" },
  { name: "rpc_seconds", type: "summary", help: "RPC time.", labels: [], source: "worker" },
  { name: "queue_depth", type: "gauge", help: "Depth.", labels: ["queue"], source: "worker" },
];

describe("PromQL analysis with the Prometheus grammar", () => {
  it("lists every selected metric once, in order", () => {
    const { errors, metrics } = analysePromql(
      'sum by (le) (rate(job_seconds_bucket{queue="a"}[5m])) / on() group_left sum(rate(jobs_total[5m])) > bool 0 unless queue_depth and jobs_total',
    );
    expect(errors).toEqual([]);
    expect(metrics).toEqual(["job_seconds_bucket", "jobs_total", "queue_depth"]);
  });

  it("reads a metric named by a __name__ matcher", () => {
    expect(analysePromql('{__name__="queue_depth", queue="a"}').metrics).toEqual(["queue_depth"]);
  });

  it("accepts Grafana's interval variables and template variables in label values", () => {
    expect(withoutGrafanaIntervals("rate(x[$__rate_interval]) + rate(y[${__interval}])")).toBe(
      "rate(x[5m]) + rate(y[1m])",
    );
    const { errors } = analysePromql('rate(jobs_total{queue="$queue"}[$__rate_interval])');
    expect(errors).toEqual([]);
  });

  it.each(["sum(rate(jobs_total[5m])", "jobs_total{queue=}", "rate(jobs_total[5m]) >", "", "jobs_total offset"])(
    "finds the syntax error in %j",
    (expr) => {
      expect(analysePromql(expr).errors.length).toBeGreaterThan(0);
    },
  );
});

describe("resolving series to catalog families", () => {
  it("resolves histograms through _bucket/_sum/_count and summaries through _sum/_count", () => {
    expect(familyOfSeries("job_seconds_bucket", catalog)?.name).toBe("job_seconds");
    expect(familyOfSeries("job_seconds_count", catalog)?.name).toBe("job_seconds");
    expect(familyOfSeries("rpc_seconds_sum", catalog)?.name).toBe("rpc_seconds");
    expect(familyOfSeries("jobs_total", catalog)?.name).toBe("jobs_total");
  });

  it("does not resolve what the catalog does not declare", () => {
    expect(familyOfSeries("rpc_seconds_bucket", catalog)).toBeUndefined();
    expect(familyOfSeries("queue_depth_count", catalog)).toBeUndefined();
    expect(familyOfSeries("jobs", catalog)).toBeUndefined();
  });

  it("merges catalogs that agree and refuses ones that do not", () => {
    expect(mergeCatalogs(catalog, [catalog[0]]).length).toBe(catalog.length);
    expect(() => mergeCatalogs(catalog, [{ ...catalog[3], type: "counter" }])).toThrow(/queue_depth is declared twice/);
  });
});

describe("resolving label names to catalog families", () => {
  const http: MetricFamily[] = [
    { name: "http_requests_total", type: "counter", help: "Requests.", labels: ["code"], source: "api" },
    { name: "http_request_duration_seconds", type: "histogram", help: "Time.", labels: [], source: "api" },
    {
      name: "container_memory_working_set_bytes",
      type: "gauge",
      help: "Memory.",
      labels: ["name"],
      optionalLabels: ["container", "pod", "namespace"],
      source: "cadvisor",
    },
  ];
  const labelsOf = (expr: string, extra: string[] = []) =>
    unknownLabels(analysePromql(expr).selectors, http, extra).map((found) => `${found.metric}.${found.label}`);

  it("finds a `status` matcher against a catalog whose family labels the code `code`", () => {
    expect(labelsOf('sum(rate(http_requests_total{service="api", status=~"5.."}[5m]))')).toEqual([
      "http_requests_total.status",
    ]);
    expect(labelsOf('sum(rate(http_requests_total{service="api", code=~"5.."}[5m]))')).toEqual([]);
  });

  it("accepts target labels, `le` on buckets only, optional labels and the job's own labels", () => {
    expect(labelsOf('rate(http_request_duration_seconds_bucket{job="a", instance="b", le="0.5"}[5m])')).toEqual([]);
    expect(labelsOf('rate(http_request_duration_seconds_count{le="0.5"}[5m])')).toEqual([
      "http_request_duration_seconds_count.le",
    ]);
    expect(labelsOf('container_memory_working_set_bytes{container!="", pod="x"}')).toEqual([]);
    expect(labelsOf('http_requests_total{component="selector"}', ["component"])).toEqual([]);
  });

  it("leaves series the catalog does not declare to the metric-name check", () => {
    expect(labelsOf('service:http_requests:rate5m{anything="x"} + up{whatever="y"}')).toEqual([]);
  });
});
