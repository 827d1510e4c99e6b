import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { packCatalog, rulesRoot } from "../../model/packs";
import { stackPacks } from "../../model/packs/forStack";
import { stackServiceSloSpecs } from "../../model/slo/serviceSlos";
import { prometheusPaths, prometheusWorkload, serviceAccountPaths } from "../../model/prometheus";
import { fillSecrets } from "../../model/secrets";
import { reservedRemoteWriteHeaders } from "../../settings/schema";
import type { ResolvedSettings } from "../../settings/validate";
import {
  settingsWith,
  settingsWithEveryPack,
  stackNames,
  stackSettings,
  testSecretValues,
} from "../../scripts/underMocks/stacks";
import { scaleSettings } from "../../scripts/underMocks/scaleStack";
import { rewriteFileReferences } from "../../scripts/prometheusFileReferences";
import { makeTempDir, removeTempDir, underRoot, writeUnderRoot } from "../helpers/tempFiles";
import { deployedPromtool, knowsKubernetesSd, runBinary, runTool, upstreamTool } from "../helpers/upstream";
import { makeStackPki, type StackPki } from "./testPki";
import { tlsFileNames } from "../../model/tls";

/** prod plus remote write with both kinds of credential file, which no committed stack uses. */
function withRemoteWrite(settings: ResolvedSettings): ResolvedSettings {
  return {
    ...settings,
    prometheus: {
      ...settings.prometheus,
      remoteWrite: [
        {
          name: "mimir",
          url: "https://mimir.example.com/api/v1/push",
          basicAuth: { username: "tenant-1", passwordSecret: "mimirPassword" },
          headers: { "X-Scope-OrgID": "tenant-1" },
          queue: { maxShards: 10, batchSendDeadline: "5s" },
        },
        { name: "thanos", url: "https://thanos.example.com/api/v1/receive", bearerTokenSecret: "thanosToken" },
      ],
    },
  };
}

const cases: [string, ResolvedSettings][] = [
  ...stackNames.map((name): [string, ResolvedSettings] => [name, stackSettings(name)]),
  [
    "prod with cert-manager certificates",
    settingsWith("prod", { tls: { mode: "certManager", issuer: { name: "ca" } } }),
  ],
  ["prod with remote write", withRemoteWrite(stackSettings("prod"))],
  ["staging with every selectable pack", settingsWithEveryPack("staging", "team-slack")],
  ["dev with every selectable pack", settingsWithEveryPack("dev", "null")],
  // A platform team's scale (issue 15): 1,000 services, 200 SLOs over 100 of them.
  ["prod with 1,000 services and 200 SLOs", scaleSettings("prod", 1000, 200)],
  ["dev with 1,000 services and 200 SLOs", scaleSettings("dev", 1000, 200)],
  [
    "staging with a runbook base URL",
    {
      ...stackSettings("staging"),
      alerting: {
        ...stackSettings("staging").alerting,
        runbookBaseUrl: "https://git.example.com/ops/obs/-/blob/main/docs/runbooks/",
      },
    },
  ],
];

/**
 * Debian's promtool is built without Kubernetes discovery and rejects
 * `kubernetes_sd_configs` as an unknown field. For it, the discovery blocks
 * are cut out and everything else of those jobs (relabelling, TLS, auth) is
 * still checked; the whole file goes to a 3.x promtool when one is given.
 */
function withoutKubernetesSd(config: Record<string, unknown>): Record<string, unknown> {
  const jobs = (config["scrape_configs"] ?? []) as Record<string, unknown>[];
  return {
    ...config,
    scrape_configs: jobs.map((job) => {
      const { kubernetes_sd_configs: discovery, ...rest } = job;
      return discovery === undefined ? job : rest;
    }),
  };
}

const debianKnowsKubernetesSd = knowsKubernetesSd(upstreamTool("promtool"));
const promtoolV3 = deployedPromtool();

/** The files of Prometheus' certificate Secret where the platform mounts it (certManager, provided). */
function mountedTlsFiles(mountPath: string | undefined, pki: StackPki): { path: string; content: string }[] {
  if (mountPath === undefined) return [];
  const leaf = pki.leaves["prometheus"];
  return [
    { path: `${mountPath}/${tlsFileNames.cert}`, content: leaf.certPem },
    { path: `${mountPath}/${tlsFileNames.key}`, content: leaf.keyPem },
    { path: `${mountPath}/${tlsFileNames.ca}`, content: pki.ca.certPem },
  ];
}

describe.each(cases)("prometheus files of %s pass promtool", (_, settings) => {
  let root: string;
  let configPath: string;
  let wholeConfigPath: string;
  let ruleFilePaths: string[];
  let referencedFiles: string[];
  let shippedPaths: string[];

  beforeAll(() => {
    root = makeTempDir("promtool");
    const workload = prometheusWorkload(settings);
    // Real certificates: selfSigned ships them as files, cert-manager's Secret is mounted.
    const pki: StackPki = makeStackPki(path.join(root, "pki"), settings);
    const secrets = { ...testSecretValues(settings), ...pki.secretValues };
    const mountedTls = mountedTlsFiles(workload.tlsSecret?.mountPath, pki);
    const files = [
      ...workload.files.map((file) => ({ path: file.path, content: fillSecrets(file, secrets) })),
      ...mountedTls,
    ];
    shippedPaths = files.map((file) => file.path);
    // Kubernetes mounts the service-account credentials; stand-ins are enough for promtool.
    writeUnderRoot(root, [
      ...files,
      { path: serviceAccountPaths.token, content: "service-account-token" },
      { path: serviceAccountPaths.ca, content: "" },
    ]);
    referencedFiles = [];
    const config = parse(files.find((file) => file.path === prometheusPaths.config)?.content ?? "") as unknown;
    const rewritten = rewriteFileReferences(config, root, referencedFiles) as Record<string, unknown>;
    wholeConfigPath = underRoot(root, prometheusPaths.config);
    fs.writeFileSync(wholeConfigPath, stringify(rewritten));
    configPath = wholeConfigPath;
    if (!debianKnowsKubernetesSd) {
      configPath = path.join(path.dirname(wholeConfigPath), "prometheus.debian.yml");
      fs.writeFileSync(configPath, stringify(withoutKubernetesSd(rewritten)));
    }
    ruleFilePaths = files
      .filter((file) => file.path.startsWith(`${prometheusPaths.rulesDir}/`))
      .map((file) => underRoot(root, file.path));
  });
  afterAll(() => removeTempDir(root));

  it("promtool check config accepts prometheus.yml and finds every rule file", () => {
    const result = runTool("promtool", ["check", "config", configPath]);
    expect(result.status, result.transcript).toBe(0);
    expect(result.stdout).toContain(`SUCCESS: ${ruleFilePaths.length} rule files found`);
    const packs = stackPacks(settings);
    // One rule file per pack rule file and SLO spec, and one per SLO spec of a service.
    const packFiles = packs.flatMap((pack) => [...pack.ruleFiles, ...pack.sloFiles]).length;
    expect(ruleFilePaths.length).toBe(packFiles + stackServiceSloSpecs(settings).length);
  });

  it.runIf(promtoolV3 !== undefined)("promtool 3.x (PROMTOOL_V3) accepts the whole prometheus.yml", () => {
    const result = runBinary(promtoolV3 ?? "", ["check", "config", wholeConfigPath]);
    expect(result.status, result.transcript).toBe(0);
  });

  it("ships every credential file prometheus.yml refers to", () => {
    const mounted = Object.values(serviceAccountPaths) as string[];
    for (const file of referencedFiles) expect([...shippedPaths, ...mounted]).toContain(file);
  });

  it("promtool check rules accepts every rule file, reviewed and generated from SLO specs", () => {
    for (const file of ruleFilePaths) {
      const result = runTool("promtool", ["check", "rules", file]);
      expect(result.status, result.transcript).toBe(0);
    }
  });

  it.runIf(promtoolV3 !== undefined)("promtool 3.x (PROMTOOL_V3) check rules accepts every rule file", () => {
    const result = runBinary(promtoolV3 ?? "", ["check", "rules", ...ruleFilePaths]);
    expect(result.status, result.transcript).toBe(0);
  });
});

describe("rule packs pass their promtool unit tests", () => {
  const testFiles = packCatalog.flatMap((pack) =>
    pack.ruleFiles.map((file) => path.join(rulesRoot, file.replace(/\.rules\.yml$/, ".test.yml"))),
  );

  // Rule tests over days of series (7-day SLO windows) take tens of seconds on a busy machine.
  const ruleTestTimeout = 300_000;

  it.each(testFiles)(
    "promtool test rules %s",
    (testFile) => {
      expect(fs.existsSync(testFile), `${testFile} is missing`).toBe(true);
      const result = runTool(
        "promtool",
        ["test", "rules", path.basename(testFile)],
        path.dirname(testFile),
        ruleTestTimeout,
      );
      expect(result.status, result.transcript).toBe(0);
      expect(result.stdout).toContain("SUCCESS");
    },
    ruleTestTimeout,
  );

  // Prometheus 3 changed range selectors to left-open: the thresholds and
  // timings of the tests must hold under the deployed version too.
  it.runIf(promtoolV3 !== undefined).each(testFiles)(
    "promtool 3.x (PROMTOOL_V3) test rules %s",
    (testFile) => {
      const result = runBinary(
        promtoolV3 ?? "",
        ["test", "rules", path.basename(testFile)],
        path.dirname(testFile),
        ruleTestTimeout,
      );
      expect(result.status, result.transcript).toBe(0);
    },
    ruleTestTimeout,
  );
});

describe("promtool rejects broken documents (so the checks above can fail)", () => {
  let root: string;
  beforeAll(() => {
    root = makeTempDir("promtool-bad");
  });
  afterAll(() => removeTempDir(root));

  it("fails a prometheus.yml with two jobs of the same name", () => {
    const config = parse(prometheusWorkload(stackSettings("dev")).files[0].content) as {
      scrape_configs: { job_name: string }[];
      rule_files?: string[];
    };
    delete config.rule_files;
    config.scrape_configs.push({ ...config.scrape_configs[0] });
    const file = path.join(root, "prometheus.yml");
    fs.writeFileSync(file, stringify(config));
    const result = runTool("promtool", ["check", "config", file]);
    expect(result.status).not.toBe(0);
    expect(result.transcript).toMatch(/multiple scrape configs with job name "prometheus"/);
  });

  it.runIf(promtoolV3 !== undefined)(
    "refuses exactly the remote-write headers the settings refuse (reservedRemoteWriteHeaders)",
    () => {
      const verdict = (header: string): boolean => {
        const file = path.join(root, "remote-write.yml");
        fs.writeFileSync(
          file,
          stringify({ remote_write: [{ url: "http://mimir:9009/api/v1/push", headers: { [header]: "x" } }] }),
        );
        return runBinary(promtoolV3 ?? "", ["check", "config", "--syntax-only", file]).status === 0;
      };
      // Written as users would, in any case.
      const refused = reservedRemoteWriteHeaders.map((name) => name.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase()));
      expect(refused.filter((header) => verdict(header))).toEqual([]);
      for (const allowed of ["X-Scope-OrgID", "X-Tenant", "Retry-After", "Upgrade"])
        expect(verdict(allowed)).toBe(true);
    },
  );

  it("fails a rule file with an invalid expression", () => {
    const file = path.join(root, "bad.rules.yml");
    fs.writeFileSync(
      file,
      stringify({ groups: [{ name: "bad", rules: [{ alert: "Broken", expr: "sum(rate(up[5m]) >", labels: {} }] }] }),
    );
    const result = runTool("promtool", ["check", "rules", file]);
    expect(result.status).not.toBe(0);
  });

  it("fails a unit test whose expectation is wrong", () => {
    fs.copyFileSync(path.join(rulesRoot, "stack", "stack.rules.yml"), path.join(root, "stack.rules.yml"));
    fs.writeFileSync(
      path.join(root, "wrong.test.yml"),
      stringify({
        rule_files: ["stack.rules.yml"],
        evaluation_interval: "1m",
        tests: [
          {
            interval: "1m",
            input_series: [{ series: 'up{job="api", instance="api:8080"}', values: "0x10" }],
            // TargetDown does fire here; expecting silence must fail.
            alert_rule_test: [{ eval_time: "8m", alertname: "TargetDown", exp_alerts: [] }],
          },
        ],
      }),
    );
    const result = runTool("promtool", ["test", "rules", "wrong.test.yml"], root);
    expect(result.status).not.toBe(0);
  });
});
