import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { testSecretValues, stackSettings } from "../../scripts/underMocks/stacks";

const root = path.resolve(__dirname, "..", "..");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "render-test-"));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

function render(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/render.ts", ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("npm run render", () => {
  it("writes every file of the prod stack with secrets as placeholders", () => {
    const dir = path.join(out, "prod");
    const result = render(["prod", dir, "--assume-secrets"]);
    expect(result.status, result.stderr).toBe(0);
    const files = filesUnder(dir);
    expect(files).toEqual(
      expect.arrayContaining([
        "prometheus/etc/prometheus/prometheus.yml",
        "prometheus/etc/prometheus/rules/stack-stack.rules.yml",
        "prometheus/etc/prometheus/rules/kubernetes-storage.rules.yml",
        "prometheus/etc/prometheus/rules/red-red.rules.yml",
        "prometheus/workload.yaml",
        "alertmanager/etc/alertmanager/alertmanager.yml",
        "grafana/etc/grafana/secrets/admin-password",
        "jaeger/etc/jaeger/config.yaml",
        "kube-state-metrics/workload.yaml",
        "node-exporter/workload.yaml",
      ]),
    );
    const alertmanager = fs.readFileSync(path.join(dir, "alertmanager/etc/alertmanager/alertmanager.yml"), "utf8");
    expect(alertmanager).toContain('routing_key: "https://redacted.invalid/secret/pagerdutyRoutingKey"');
    expect(fs.readFileSync(path.join(dir, "grafana/etc/grafana/secrets/admin-password"), "utf8")).toBe(
      "https://redacted.invalid/secret/grafanaAdminPassword",
    );
    // No test value of any secret can be in the output: render never sees values.
    const everything = files.map((file) => fs.readFileSync(path.join(dir, file), "utf8")).join("\n");
    for (const value of Object.values(testSecretValues(stackSettings("prod")))) expect(everything).not.toContain(value);
    expect(result.stdout).toContain("secrets shown as placeholders: grafanaAdminPassword");
  });

  it("renders the same files twice (no timestamps, no random order)", () => {
    const again = path.join(out, "prod-again");
    expect(render(["prod", again, "--assume-secrets"]).status).toBe(0);
    const first = path.join(out, "prod");
    for (const file of filesUnder(first)) {
      expect(fs.readFileSync(path.join(again, file), "utf8"), file).toBe(
        fs.readFileSync(path.join(first, file), "utf8"),
      );
    }
  });

  it("refuses a stack whose secrets are not set, listing them, and writes nothing", () => {
    const dir = path.join(out, "refused");
    const result = render(["prod", dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("observability:pagerdutyRoutingKey: is a required secret");
    expect(fs.existsSync(dir)).toBe(false);
  });

  it("renders the dev stack without flags (dev generates its secrets)", () => {
    const dir = path.join(out, "dev");
    execFileSync(process.execPath, ["--import", "tsx", "scripts/render.ts", "dev", dir], { cwd: root });
    expect(filesUnder(dir)).toContain("cadvisor/workload.yaml");
  });
});
