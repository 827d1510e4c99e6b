import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { alertmanagerWorkload } from "../../model/alertmanager";
import { exporterWorkloads } from "../../model/exporters";
import { prometheusWorkload } from "../../model/prometheus";
import { fillSecrets } from "../../model/secrets";
import { tlsEnabled, tlsFileNames } from "../../model/tls";
import { webConfigPaths, webServerRoles } from "../../model/webConfig";
import type { Workload } from "../../model/workload";
import type { ResolvedSettings } from "../../settings/validate";
import { settingsWith, stackSettings, testSecretValues } from "../../scripts/underMocks/stacks";
import { makeTempDir, removeTempDir, writeUnderRoot } from "../helpers/tempFiles";
import { deployedPromtool, runBinary, runTool } from "../helpers/upstream";
import { rewriteFilePaths } from "./rewritePaths";
import { makeStackPki, type StackPki } from "./testPki";

/**
 * Every web config the model writes passes `promtool check web-config`,
 * which loads the certificate and key it names and checks every field and
 * header value: with Debian's promtool (exporter-toolkit of Prometheus
 * 2.42 / Alertmanager 0.25) and with the deployed Prometheus 3.5's.
 */

const cases: [string, ResolvedSettings][] = [
  ["staging (selfSigned, basic auth)", stackSettings("staging")],
  ["prod (selfSigned, basic auth)", stackSettings("prod")],
  [
    "prod with cert-manager certificates",
    settingsWith("prod", { tls: { mode: "certManager", issuer: { name: "ca" } } }),
  ],
  ["staging with TLS but no basic auth", settingsWith("staging", { auth: { basicAuth: { enabled: false } } })],
  ["staging with basic auth but no TLS", settingsWith("staging", { tls: { mode: "none" } })],
  [
    "dev on Docker with selfSigned TLS and basic auth",
    settingsWith("dev", { tls: { mode: "selfSigned" }, auth: { basicAuth: { enabled: true } } }),
  ],
];

const promtoolV3 = deployedPromtool();

function stackServers(settings: ResolvedSettings): Workload[] {
  return [prometheusWorkload(settings), alertmanagerWorkload(settings), ...exporterWorkloads(settings)];
}

/** A role's certificate Secret where the platform would mount it. */
function mountedTls(workload: Workload, pki: StackPki): { path: string; content: string }[] {
  if (workload.tlsSecret === undefined) return [];
  const leaf = pki.leaves[workload.role];
  const dir = workload.tlsSecret.mountPath;
  return [
    { path: `${dir}/${tlsFileNames.cert}`, content: leaf.certPem },
    { path: `${dir}/${tlsFileNames.key}`, content: leaf.keyPem },
    { path: `${dir}/${tlsFileNames.ca}`, content: pki.ca.certPem },
  ];
}

describe.each(cases)("web configs of %s", (_, settings) => {
  let root: string;
  let pki: StackPki;
  const checked: { role: string; file: string }[] = [];

  beforeAll(() => {
    root = makeTempDir("web-config");
    pki = makeStackPki(path.join(root, "pki"), settings);
    const values = { ...testSecretValues(settings), ...pki.secretValues };
    for (const workload of stackServers(settings)) {
      const files = workload.files.map((file) => ({ path: file.path, content: fillSecrets(file, values) }));
      writeUnderRoot(root, [...files, ...mountedTls(workload, pki)]);
      const web = files.find((file) => file.path === webConfigPaths(workload.role).config);
      if (web === undefined) continue;
      const file = path.join(root, `${workload.role}.web.yml`);
      fs.writeFileSync(file, stringify(rewriteFilePaths(parse(web.content), root)));
      checked.push({ role: workload.role, file });
    }
  });
  afterAll(() => removeTempDir(root));

  it("gives every exporter-toolkit server of the stack a web config, unless it has neither TLS nor auth", () => {
    const servers = stackServers(settings)
      .map((workload) => workload.role)
      .filter((role) => (webServerRoles as readonly string[]).includes(role))
      // kube-state-metrics never requires basic auth (see basicAuthCapable): without TLS it has nothing to configure.
      .filter((role) => role !== "kube-state-metrics" || tlsEnabled(settings));
    expect(checked.map((entry) => entry.role).sort()).toEqual(servers.sort());
    expect(servers).toEqual(expect.arrayContaining(["prometheus", "alertmanager", "node-exporter"]));
  });

  it("promtool check web-config (Debian, 2.42) accepts each", () => {
    for (const { file } of checked) {
      const result = runTool("promtool", ["check", "web-config", file]);
      expect(result.status, result.transcript).toBe(0);
      expect(result.transcript).toContain("SUCCESS");
    }
  });

  it.runIf(promtoolV3 !== undefined)("promtool 3.x (PROMTOOL_V3) check web-config accepts each", () => {
    for (const { file } of checked) {
      const result = runBinary(promtoolV3 ?? "", ["check", "web-config", file]);
      expect(result.status, result.transcript).toBe(0);
    }
  });
});

describe("promtool check web-config reads the certificate files", () => {
  it("rejects a web config whose key does not belong to its certificate", () => {
    const settings = stackSettings("prod");
    const root = makeTempDir("web-config-mismatch");
    try {
      const pki = makeStackPki(path.join(root, "pki"), settings);
      const values = { ...testSecretValues(settings), ...pki.secretValues };
      // Prometheus' certificate with Alertmanager's key.
      values["tlsKeyPrometheus"] = pki.leaves["alertmanager"].keyPem;
      const workload = prometheusWorkload(settings);
      const files = workload.files.map((file) => ({ path: file.path, content: fillSecrets(file, values) }));
      writeUnderRoot(root, files);
      const web = files.find((file) => file.path === webConfigPaths("prometheus").config);
      const file = path.join(root, "web.yml");
      fs.writeFileSync(file, stringify(rewriteFilePaths(parse(web?.content ?? ""), root)));
      const result = runTool("promtool", ["check", "web-config", file]);
      expect(result.status, result.transcript).not.toBe(0);
      expect(result.transcript).toMatch(/private key does not match public key/);
    } finally {
      removeTempDir(root);
    }
  });
});
