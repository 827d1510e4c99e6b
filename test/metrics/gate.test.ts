import { execFile } from "node:child_process";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseExposition } from "../../model/metrics/exposition";
import { checkFamilies } from "../../model/metrics/gate";
import type { MetricFamily } from "../../model/metrics/types";
import { packCatalog } from "../../model/packs";
import { familiesInUse } from "../../model/stack/usage";

const run = promisify(execFile);
const repositoryRoot = path.resolve(__dirname, "..", "..");
const tsx = path.join(repositoryRoot, "node_modules", ".bin", "tsx");

/** Exposition text that satisfies a catalog: every family with HELP, TYPE, its series, buckets and labels. */
function exposeCatalog(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    const labels = family.labels.map((label) => `${label}="x"`);
    const set = (extra: string[] = []) => {
      const all = [...labels, ...extra];
      return all.length === 0 ? "" : `{${all.join(",")}}`;
    };
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    if (family.type === "histogram") {
      for (const bound of [...(family.buckets ?? [0.1, 1]), "+Inf"]) {
        lines.push(`${family.name}_bucket${set([`le="${bound}"`])} 3`);
      }
      lines.push(`${family.name}_sum${set()} 1.5`, `${family.name}_count${set()} 3`);
    } else if (family.type === "summary") {
      lines.push(
        `${family.name}${set(['quantile="0.5"'])} 0.2`,
        `${family.name}_sum${set()} 1.5`,
        `${family.name}_count${set()} 3`,
      );
    } else {
      lines.push(`${family.name}${set()} 1`);
    }
  }
  return `${lines.join("\n")}\n`;
}

const good = `# A service's metrics as the red pack wants them.
# HELP http_requests_total Requests answered.
# TYPE http_requests_total counter
http_requests_total{method="GET",status="200"} 1027
http_requests_total{method="POST",status="500",path="/a \\"quoted\\" \\\\ path"} 3
# HELP http_request_duration_seconds Request duration.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.1"} 900
http_request_duration_seconds_bucket{le="1"} 1020
http_request_duration_seconds_bucket{le="+Inf"} 1030
http_request_duration_seconds_sum 51.2
http_request_duration_seconds_count 1030
`;

/** One break per family, each a gap the gate must name. */
const broken = `# TYPE http_requests_total counter
http_requests_total{method="GET",status="200"} 1027
http_requests_total{method="GET"} 2
# HELP http_request_duration_seconds Request duration.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.1"} 900
http_request_duration_seconds_sum 51.2
`;

const red = packCatalog.find((pack) => pack.name === "red")!;

describe("exposition reader", () => {
  it("reads HELP, TYPE, samples and escaped label values", () => {
    const { families, problems } = parseExposition(good);
    expect(problems).toEqual([]);
    const counter = families.get("http_requests_total")!;
    expect(counter.type).toBe("counter");
    expect(counter.help).toBe("Requests answered.");
    expect(counter.samples[1].labels).toEqual({ method: "POST", status: "500", path: '/a "quoted" \\ path' });
    const histogram = families.get("http_request_duration_seconds")!;
    expect(histogram.samples.map((sample) => sample.name)).toEqual([
      ...Array<string>(3).fill("http_request_duration_seconds_bucket"),
      "http_request_duration_seconds_sum",
      "http_request_duration_seconds_count",
    ]);
  });

  it("reads OpenMetrics, where a counter's family drops _total", () => {
    const text =
      '# TYPE jobs counter\n# HELP jobs Jobs run.\njobs_total{queue="a"} 4\njobs_created{queue="a"} 1.7e9\n# EOF\n';
    const verdicts = checkFamilies(parseExposition(text), [
      { name: "jobs_total", type: "counter", help: "Jobs.", labels: ["queue"], source: "worker" },
    ]);
    expect(verdicts[0].problems).toEqual([]);
  });

  it("reports lines it cannot read instead of guessing", () => {
    const { problems } = parseExposition('ok 1\nbad{label="x" 1\n{x="y"} 2\nnovalue\n');
    expect(problems.map((problem) => problem.line)).toEqual([2, 3, 4]);
  });
});

describe("gate verdicts", () => {
  it("passes an endpoint that exposes the red pack's families as declared", () => {
    const verdicts = checkFamilies(parseExposition(good), familiesInUse(red));
    expect(verdicts.map((verdict) => verdict.family.name)).toEqual([
      "http_requests_total",
      "http_request_duration_seconds",
    ]);
    expect(verdicts.flatMap((verdict) => verdict.problems)).toEqual([]);
  });

  it("names each gap of a broken endpoint", () => {
    const verdicts = checkFamilies(parseExposition(broken), familiesInUse(red));
    expect(verdicts[0].problems).toEqual(["no # HELP line", "samples without label status"]);
    expect(verdicts[1].problems).toEqual(["no http_request_duration_seconds_count series", 'no le="+Inf" bucket']);
  });

  it("names a missing family, a wrong type and missing declared buckets", () => {
    const declared: MetricFamily[] = [
      { name: "queue_depth", type: "gauge", help: "Depth.", labels: [], source: "svc" },
      { name: "cache_hits_total", type: "counter", help: "Hits.", labels: [], source: "svc" },
      { name: "work_seconds", type: "histogram", help: "Work.", labels: [], buckets: [0.5, 2], source: "svc" },
    ];
    const text =
      "# HELP cache_hits_total Hits.\n# TYPE cache_hits_total gauge\ncache_hits_total 3\n" +
      '# HELP work_seconds Work.\n# TYPE work_seconds histogram\nwork_seconds_bucket{le="0.5"} 1\nwork_seconds_bucket{le="+Inf"} 2\nwork_seconds_sum 1\nwork_seconds_count 2\n';
    const problems = checkFamilies(parseExposition(text), declared).map((verdict) => verdict.problems);
    expect(problems).toEqual([
      ["not exposed"],
      ["# TYPE says gauge, the catalog says counter"],
      ["buckets 2 are declared but not exposed"],
    ]);
  });

  it.each(packCatalog.filter((pack) => familiesInUse(pack).length > 0).map((pack) => [pack.name, pack] as const))(
    "pack %s: an endpoint exposing its catalog passes, and one family fewer fails",
    (_, pack) => {
      const families = familiesInUse(pack);
      expect(checkFamilies(parseExposition(exposeCatalog(families)), families).flatMap((v) => v.problems)).toEqual([]);
      const withoutFirst = exposeCatalog(families.slice(1));
      const verdicts = checkFamilies(parseExposition(withoutFirst), families);
      expect(verdicts[0].problems).toEqual(["not exposed"]);
    },
  );
});

describe("npm run metrics-gate against a live endpoint", () => {
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const body = request.url === "/good" ? good : request.url === "/broken" ? broken : undefined;
      response.writeHead(body === undefined ? 404 : 200, { "content-type": "text/plain; version=0.0.4" });
      response.end(body ?? "not found");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function gate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(tsx, ["scripts/metrics-gate.ts", ...args], {
        cwd: repositoryRoot,
        timeout: 60_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
    }
  }

  it("passes a good endpoint and lists every family it checked", async () => {
    const result = await gate("--pack", "red", "--url", `${base}/good`);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("ok    http_requests_total (counter)");
    expect(result.stdout).toContain("ok    http_request_duration_seconds (histogram)");
    expect(result.stdout).toContain("2 of 2 families ok");
  }, 90_000);

  it("fails a broken endpoint with a report naming each gap", async () => {
    const result = await gate("--pack", "red", "--url", `${base}/broken`);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "FAIL  http_requests_total (counter): no # HELP line; samples without label status",
    );
    expect(result.stdout).toContain("no http_request_duration_seconds_count series");
    expect(result.stdout).toContain("0 of 2 families ok; gate failed");
  }, 90_000);

  it("fails when the endpoint does not answer 200, and on bad usage", async () => {
    const missing = await gate("--pack", "red", "--url", `${base}/nothing`);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("answered 404");
    const unknown = await gate("--pack", "nope", "--url", `${base}/good`);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown pack 'nope'");
  }, 90_000);
});
