import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { alertmanagerWorkload } from "../../model/alertmanager";
import { prometheusConfig, prometheusWorkload } from "../../model/prometheus";
import { fillSecrets } from "../../model/secrets";
import { webConfigPaths } from "../../model/webConfig";
import { dockerHealthcheck } from "../../platform/docker/healthcheck";
import type { Workload } from "../../model/workload";
import { stackSettings, testSecretValues } from "../../scripts/underMocks/stacks";
import { deployedToolsMayBeMissing } from "../helpers/upstream";
import { makeTempDir, removeTempDir, underRoot, writeUnderRoot } from "../helpers/tempFiles";
import { rewriteFilePaths } from "../validators/rewritePaths";
import { makeCa, makeStackPki, type StackPki } from "../validators/testPki";
import { httpsGet, type HttpsOptions } from "./httpsClient";
import { freePort, startServer, stopServer, waitFor, type RunningServer } from "./processes";

/**
 * Debian's Prometheus (2.42) and Alertmanager (0.25) on 127.0.0.1 with the
 * prod profile's rendered web configs (TLS + basic auth): the model's files
 * with the secrets filled from test values and real certificates made here
 * (the SANs the stack gives them, plus 127.0.0.1), paths rewritten into a
 * temporary folder. Prometheus' scrape jobs and Alertmanager client are
 * the model's too, with only their targets moved to loopback.
 */

const prometheusBinary = "/usr/bin/prometheus";
const alertmanagerBinary = "/usr/bin/prometheus-alertmanager";
const busybox = "/usr/bin/busybox";
for (const binary of [prometheusBinary, alertmanagerBinary]) {
  if (!fs.existsSync(binary)) {
    throw new Error(
      `${binary} not found; install it with: apt-get install -y --no-install-recommends prometheus prometheus-alertmanager`,
    );
  }
}

const settings = stackSettings("prod");
const username = settings.auth.basicAuth.username;
const alertName = "E2EAlwaysFiring";

let root: string;
let pki: StackPki;
let values: Record<string, string>;
let password: string;
let prometheusPort: number;
let alertmanagerPort: number;
const servers: RunningServer[] = [];
const startedAt = Date.now();
const timings: Record<string, number> = {};

/** Writes a workload's files, filled, below the root; returns its web config rewritten to the root. */
function renderWorkload(workload: Workload): string {
  const files = workload.files.map((file) => ({ path: file.path, content: fillSecrets(file, values) }));
  writeUnderRoot(root, files);
  const web = files.find((file) => file.path === webConfigPaths(workload.role).config);
  if (web === undefined) throw new Error(`${workload.role} has no web config in the prod profile`);
  const target = path.join(root, `${workload.role}.web.yml`);
  fs.writeFileSync(target, stringify(rewriteFilePaths(parse(web.content), root)));
  return target;
}

function logs(): string {
  return servers.map((server) => `--- ${server.name}\n${server.log()}`).join("\n");
}

const trusted = (): HttpsOptions => ({ ca: pki.ca.certPem, basicAuth: { username, password } });

async function readyWith(port: number): Promise<true | undefined> {
  const response = await httpsGet(`https://127.0.0.1:${port}/-/ready`, trusted());
  return response.status === 200 ? true : undefined;
}

/** prometheus.yml for the test: the model's client settings towards the stack, targets on loopback. */
function prometheusTestConfig(rulesFile: string): Record<string, unknown> {
  const model = prometheusConfig(settings);
  const alerting = model["alerting"] as { alertmanagers: Record<string, unknown>[] };
  const jobs = model["scrape_configs"] as ({ job_name: string } & Record<string, unknown>)[];
  const loopback: Record<string, number> = { prometheus: prometheusPort, alertmanager: alertmanagerPort };
  return rewriteFilePaths(
    {
      global: { scrape_interval: "1s", scrape_timeout: "1s", evaluation_interval: "1s" },
      rule_files: [rulesFile],
      alerting: {
        alertmanagers: [
          { ...alerting.alertmanagers[0], static_configs: [{ targets: [`127.0.0.1:${alertmanagerPort}`] }] },
        ],
      },
      scrape_configs: jobs
        .filter((job) => job.job_name in loopback)
        .map((job) => ({ ...job, static_configs: [{ targets: [`127.0.0.1:${loopback[job.job_name]}`] }] })),
    },
    root,
  ) as Record<string, unknown>;
}

beforeAll(async () => {
  root = makeTempDir("e2e-web-security");
  pki = makeStackPki(path.join(root, "pki"), settings, ["127.0.0.1"]);
  values = { ...testSecretValues(settings), ...pki.secretValues };
  password = values[settings.auth.basicAuth.passwordSecret];
  prometheusPort = await freePort();
  alertmanagerPort = await freePort();

  const prometheusWeb = renderWorkload(prometheusWorkload(settings));
  const alertmanagerWeb = renderWorkload(alertmanagerWorkload(settings));

  // A receiver that sends nothing: the point is delivery to Alertmanager, not onwards.
  const alertmanagerConfig = path.join(root, "alertmanager.test.yml");
  fs.writeFileSync(
    alertmanagerConfig,
    stringify({ route: { receiver: "blackhole", group_wait: "1s" }, receivers: [{ name: "blackhole" }] }),
  );
  const rulesFile = path.join(root, "e2e.rules.yml");
  fs.writeFileSync(
    rulesFile,
    stringify({
      groups: [
        {
          name: "e2e",
          rules: [
            { alert: alertName, expr: "vector(1)", labels: { severity: "info" }, annotations: { summary: "e2e" } },
          ],
        },
      ],
    }),
  );
  const prometheusFile = path.join(root, "prometheus.test.yml");
  fs.writeFileSync(prometheusFile, stringify(prometheusTestConfig(rulesFile)));

  servers.push(
    startServer("alertmanager", alertmanagerBinary, [
      `--config.file=${alertmanagerConfig}`,
      `--storage.path=${path.join(root, "alertmanager-data")}`,
      `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
      `--web.config.file=${alertmanagerWeb}`,
      `--web.external-url=https://127.0.0.1:${alertmanagerPort}/`,
      "--cluster.listen-address=",
    ]),
    startServer("prometheus", prometheusBinary, [
      `--config.file=${prometheusFile}`,
      `--storage.tsdb.path=${path.join(root, "prometheus-data")}`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
      `--web.config.file=${prometheusWeb}`,
      `--web.external-url=https://127.0.0.1:${prometheusPort}/`,
      "--rules.alert.resend-delay=1s",
    ]),
  );
  await waitFor(() => readyWith(alertmanagerPort), 30_000, logs);
  await waitFor(() => readyWith(prometheusPort), 30_000, logs);
  timings["ready"] = Date.now() - startedAt;
}, 90_000);

afterAll(async () => {
  for (const server of servers) await stopServer(server);
  if (root !== undefined) removeTempDir(root);
  // The figure the report quotes; printed, never asserted.
  console.log(`e2e web security: ${JSON.stringify({ ...timings, total: Date.now() - startedAt })} ms`);
});

const endpoints = () => [
  { name: "prometheus", url: `https://127.0.0.1:${prometheusPort}` },
  { name: "alertmanager", url: `https://127.0.0.1:${alertmanagerPort}` },
];

describe("Prometheus and Alertmanager with the prod web configs", () => {
  it("answer 401 without credentials, on health, metrics and API alike", async () => {
    for (const { name, url } of endpoints()) {
      for (const route of [
        "/-/healthy",
        "/metrics",
        name === "prometheus" ? "/api/v1/status/config" : "/api/v2/status",
      ]) {
        const response = await httpsGet(`${url}${route}`, { ca: pki.ca.certPem });
        expect(response.status, `${name} ${route}`).toBe(401);
      }
    }
  });

  it("answer 401 to a wrong password and to a wrong user", async () => {
    for (const { name, url } of endpoints()) {
      const wrongPassword = await httpsGet(`${url}/-/healthy`, {
        ca: pki.ca.certPem,
        basicAuth: { username, password: `${password}-wrong` },
      });
      expect(wrongPassword.status, name).toBe(401);
      const wrongUser = await httpsGet(`${url}/-/healthy`, {
        ca: pki.ca.certPem,
        basicAuth: { username: "admin", password },
      });
      expect(wrongUser.status, name).toBe(401);
    }
  });

  it("answer 200 to the right credentials, with the security headers", async () => {
    for (const { name, url } of endpoints()) {
      const response = await httpsGet(`${url}/-/healthy`, trusted());
      expect(response.status, name).toBe(200);
      expect(response.headers["strict-transport-security"], name).toBe("max-age=31536000; includeSubDomains");
      expect(response.headers["x-content-type-options"], name).toBe("nosniff");
      expect(response.headers["x-frame-options"], name).toBe("deny");
      expect(response.headers["content-security-policy"], name).toBe("frame-ancestors 'none'");
    }
  });

  it("serve certificates that verify against the stack CA only", async () => {
    const otherCa = makeCa(path.join(root, "other-pki"), "some-other-ca");
    const failure = async (options: HttpsOptions, url: string): Promise<string> => {
      try {
        const response = await httpsGet(`${url}/-/healthy`, options);
        return `answered ${response.status}`;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code ?? String(error);
      }
    };
    const untrusted = /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT/;
    for (const { name, url } of endpoints()) {
      // Node's own trust store does not know the stack CA; another CA does not vouch for it.
      expect(await failure({ basicAuth: { username, password } }, url), name).toMatch(untrusted);
      expect(await failure({ ca: otherCa.certPem, basicAuth: { username, password } }, url), name).toMatch(untrusted);
    }
  });

  it("Prometheus scrapes itself and Alertmanager over TLS with basic auth (up == 1)", async () => {
    const up = await waitFor(
      async () => {
        const response = await httpsGet(
          `https://127.0.0.1:${prometheusPort}/api/v1/query?query=${encodeURIComponent("up == 1")}`,
          trusted(),
        );
        const result = (JSON.parse(response.body) as { data: { result: { metric: { job: string } }[] } }).data.result;
        const jobs = result.map((sample) => sample.metric.job).sort();
        return jobs.length === 2 ? jobs : undefined;
      },
      30_000,
      logs,
    );
    expect(up).toEqual(["alertmanager", "prometheus"]);
    timings["scrapesUp"] = Date.now() - startedAt;
  });

  it("Prometheus delivers the firing alert to Alertmanager over TLS with basic auth", async () => {
    const alerts = await waitFor(
      async () => {
        const filter = encodeURIComponent(`alertname="${alertName}"`);
        const response = await httpsGet(
          `https://127.0.0.1:${alertmanagerPort}/api/v2/alerts?filter=${filter}`,
          trusted(),
        );
        if (response.status !== 200) return undefined;
        const received = JSON.parse(response.body) as { labels: Record<string, string>; status: { state: string } }[];
        return received.length > 0 ? received : undefined;
      },
      60_000,
      logs,
      1_000,
    );
    expect(alerts[0].labels["alertname"]).toBe(alertName);
    expect(alerts[0].status.state).toBe("active");
    timings["alertDelivered"] = Date.now() - startedAt;
  });
});

/**
 * The probes' commands (Kubernetes exec probes and Docker health checks)
 * run with BusyBox, as the images would: only BusyBox applets on PATH, so
 * wget uses BusyBox's built-in TLS, not an OpenSSL binary. Debian's BusyBox
 * (1.35) stands in for the images' (1.37, same applets and wget code).
 */
// The test command installs busybox; a run without it fails, unless told to skip.
const busyboxPresent = fs.existsSync(busybox);
if (!busyboxPresent && !deployedToolsMayBeMissing()) {
  throw new Error(`${busybox} is missing; install it with: apt-get install -y --no-install-recommends busybox`);
}

describe.runIf(busyboxPresent)("the probe commands with BusyBox", () => {
  let bin: string;

  beforeAll(() => {
    bin = path.join(root, "busybox-bin");
    fs.mkdirSync(bin, { recursive: true });
    for (const applet of ["sh", "cat", "printf", "base64", "tr", "wget"])
      fs.symlinkSync(busybox, path.join(bin, applet));
  });

  /** Runs a probe command with the in-container paths and port moved to the test's. */
  function runProbe(
    command: readonly string[],
    role: string,
    containerPort: number,
    port: number,
    passwordFile?: string,
  ) {
    const inContainer = webConfigPaths(role).password;
    const localized = command.map((part) =>
      part
        .replace(inContainer, passwordFile ?? underRoot(root, inContainer))
        .replace(`127.0.0.1:${containerPort}/`, `127.0.0.1:${port}/`),
    );
    const [program, ...args] = localized;
    return spawnSync(path.join(bin, program), args, { env: { PATH: bin }, encoding: "utf8", timeout: 15_000 });
  }

  const cases = () => [
    { workload: prometheusWorkload(settings), containerPort: 9090, port: prometheusPort },
    { workload: alertmanagerWorkload(settings), containerPort: 9093, port: alertmanagerPort },
  ];

  it("liveness, readiness and the Docker health check pass with the mounted password", () => {
    for (const { workload, containerPort, port } of cases()) {
      expect(workload.health.credentialed, workload.role).toBe(true);
      const docker = dockerHealthcheck(workload.health);
      expect(docker, workload.role).toBeDefined();
      const commands = [
        workload.health.liveness.command ?? [],
        workload.health.readiness.command ?? [],
        docker?.tests.slice(1) ?? [],
      ];
      for (const command of commands) {
        const result = runProbe(command, workload.role, containerPort, port);
        expect(result.status, `${workload.role}: ${command.join(" ")}\n${result.stderr}`).toBe(0);
      }
    }
  });

  it("fail with a wrong password", () => {
    const wrong = path.join(root, "wrong-password");
    fs.writeFileSync(wrong, `${password}-wrong`);
    for (const { workload, containerPort, port } of cases()) {
      const result = runProbe(workload.health.liveness.command ?? [], workload.role, containerPort, port, wrong);
      expect(result.status, workload.role).not.toBe(0);
      expect(result.stderr).toMatch(/401/);
    }
  });
});
