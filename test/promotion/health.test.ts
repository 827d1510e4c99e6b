import * as fs from "node:fs";
import * as path from "node:path";
import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { healthProblems, type PrometheusEndpoint } from "../../scripts/promotion/health";
import { freePort, startServer, stopServer, waitFor, type RunningServer } from "../e2e/processes";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";
import { upstreamTool } from "../helpers/upstream";
import { makeCa, makeLeaf } from "../validators/testPki";

// Debian's Prometheus, started on 127.0.0.1 the way a stack's would answer
// the promotion's health gate: one healthy (TLS and basic auth, only a
// warning firing, every target up) and one not (a critical alert firing and
// a target down).
const prometheusBinary = path.join(path.dirname(upstreamTool("promtool")), "prometheus");
const password = "promotion-test-password";

let root: string;
let healthyPort: number;
let unhealthyPort: number;
let caPem: string;
const servers: RunningServer[] = [];

function writeFiles(dir: string, port: number, rules: unknown[], extraTargets: string[]): string {
  fs.mkdirSync(dir, { recursive: true });
  const ruleFile = path.join(dir, "rules.yml");
  fs.writeFileSync(ruleFile, stringify({ groups: [{ name: "test", interval: "1s", rules }] }));
  const config = path.join(dir, "prometheus.yml");
  fs.writeFileSync(
    config,
    stringify({
      global: { scrape_interval: "1s", evaluation_interval: "1s" },
      rule_files: [ruleFile],
      scrape_configs: [{ job_name: "peer", static_configs: [{ targets: [`127.0.0.1:${port}`, ...extraTargets] }] }],
    }),
  );
  return config;
}

function start(name: string, dir: string, config: string, port: number, webConfig?: string): void {
  servers.push(
    startServer(name, prometheusBinary, [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...(webConfig === undefined ? [] : [`--web.config.file=${webConfig}`]),
    ]),
  );
}

beforeAll(async () => {
  root = makeTempDir("promotion-health");
  [healthyPort, unhealthyPort] = [await freePort(), await freePort()];
  const ca = makeCa(path.join(root, "pki"), "test-ca");
  const leaf = makeLeaf(path.join(root, "pki"), ca, "prometheus", ["localhost"], ["127.0.0.1"]);
  caPem = ca.certPem;

  // The healthy one scrapes the unhealthy one, which is up: both targets up.
  const healthyDir = path.join(root, "healthy");
  const healthyConfig = writeFiles(
    healthyDir,
    unhealthyPort,
    [{ alert: "OnlyAWarning", expr: "vector(1)", labels: { severity: "warning" } }],
    [],
  );
  const webConfig = path.join(healthyDir, "web.yml");
  fs.writeFileSync(
    webConfig,
    stringify({
      tls_server_config: { cert_file: leaf.certPath, key_file: leaf.keyPath },
      basic_auth_users: { observability: bcrypt.hashSync(password, 10) },
    }),
  );
  start("prometheus-healthy", healthyDir, healthyConfig, healthyPort, webConfig);

  // The unhealthy one pages and scrapes a port nothing listens on.
  const unhealthyDir = path.join(root, "unhealthy");
  const unhealthyConfig = writeFiles(
    unhealthyDir,
    unhealthyPort,
    [
      { alert: "DatabaseDown", expr: "vector(1)", labels: { severity: "critical", service: "orders-db" } },
      { alert: "OnlyAWarning", expr: "vector(1)", labels: { severity: "warning" } },
    ],
    ["127.0.0.1:1"],
  );
  start("prometheus-unhealthy", unhealthyDir, unhealthyConfig, unhealthyPort);
}, 60_000);

afterAll(async () => {
  for (const server of servers) await stopServer(server);
  removeTempDir(root);
});

const healthy = (): PrometheusEndpoint => ({
  url: `https://127.0.0.1:${healthyPort}/`,
  username: "observability",
  password,
  caPem,
});

describe("the promotion's health gate against a real Prometheus", () => {
  it("passes a stack with only warnings firing and every target up, over TLS with basic auth", async () => {
    const problems = await waitFor(
      async () => {
        const found = await healthProblems(healthy());
        return found.length === 0 ? found : undefined;
      },
      30_000,
      () => servers.map((server) => server.log()).join("\n"),
    );
    expect(problems).toEqual([]);
  }, 45_000);

  it("names each firing critical alert and each target that is down", async () => {
    const problems = await waitFor(
      async () => {
        const found = await healthProblems({ url: `http://127.0.0.1:${unhealthyPort}` });
        const complete =
          found.some((problem) => problem.startsWith("critical alert")) &&
          found.some((problem) => problem.includes("127.0.0.1:1") && problem.includes("is down"));
        return complete ? found : undefined;
      },
      30_000,
      () => servers.map((server) => server.log()).join("\n"),
    );
    expect(problems).toContain("critical alert DatabaseDown is firing (orders-db)");
    expect(
      problems.some((problem) => /^target http:\/\/127\.0\.0\.1:1\/metrics of job peer is down/.test(problem)),
    ).toBe(true);
    expect(problems.join("\n")).not.toContain("OnlyAWarning");
  }, 45_000);

  it("refuses to judge when it cannot ask: wrong credentials, untrusted certificate, nothing listening", async () => {
    await expect(healthProblems({ ...healthy(), password: "wrong" })).rejects.toThrow(/answered 401/);
    await expect(healthProblems({ ...healthy(), caPem: undefined })).rejects.toThrow(/certificate/);
    await expect(healthProblems({ url: `http://127.0.0.1:${await freePort()}` }, 2_000)).rejects.toThrow(
      /ECONNREFUSED/,
    );
  }, 30_000);
});
