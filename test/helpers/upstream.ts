import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The upstream validators the tests run, from Debian's packages. */
const tools = {
  promtool: { path: "/usr/bin/promtool", debianPackage: "prometheus" },
  amtool: { path: "/usr/bin/amtool", debianPackage: "prometheus-alertmanager" },
} as const;

export type UpstreamTool = keyof typeof tools;

const installHint =
  "install the upstream validators with: apt-get install -y --no-install-recommends prometheus prometheus-alertmanager";

/**
 * Absolute path of an upstream tool.
 * @throws with the install command when it is missing: these tests must not
 * pass by skipping.
 */
export function upstreamTool(name: UpstreamTool): string {
  const tool = tools[name];
  if (!fs.existsSync(tool.path)) {
    throw new Error(`${tool.path} not found (Debian package ${tool.debianPackage}); ${installHint}`);
  }
  return tool.path;
}

/** What a tool run printed and how it ended. */
export interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Command line, stdout and stderr together, for assertion messages. */
  readonly transcript: string;
}

/** Runs a binary to completion (bounded by a timeout), never through a shell. */
export function runBinary(binary: string, args: readonly string[], cwd?: string): ToolResult {
  const result = spawnSync(binary, args, { cwd, encoding: "utf8", timeout: 60_000 });
  if (result.error) throw result.error;
  const transcript = [`$ ${binary} ${args.join(" ")}`, result.stdout, result.stderr].filter(Boolean).join("\n");
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, transcript };
}

/** Runs an upstream tool from Debian's packages. */
export function runTool(name: UpstreamTool, args: readonly string[], cwd?: string): ToolResult {
  return runBinary(upstreamTool(name), args, cwd);
}

/**
 * A promtool of the deployed Prometheus major version (3.x), built from the
 * Go module, when `PROMTOOL_V3` names one. Debian's promtool 2.42 is built
 * without Kubernetes service discovery and cannot parse
 * `kubernetes_sd_configs`; this one checks the Kubernetes stacks' files whole.
 * Build it through the Go module proxy in a scratch module outside the repo:
 * `go mod init scratch && go get github.com/prometheus/prometheus@v0.305.0`
 * (the module version of Prometheus 3.5.0), a `tools.go` importing
 * `github.com/prometheus/prometheus/cmd/promtool`, `go mod tidy`, then
 * `CGO_ENABLED=0 go build -o promtool github.com/prometheus/prometheus/cmd/promtool`.
 */
export function deployedPromtool(): string | undefined {
  const candidate = process.env["PROMTOOL_V3"];
  if (candidate === undefined || candidate === "") return undefined;
  if (!fs.existsSync(candidate)) throw new Error(`PROMTOOL_V3=${candidate} does not exist; unset it or build promtool`);
  return candidate;
}

/** Whether a promtool parses `kubernetes_sd_configs` (Debian's builds leave that discovery out). */
export function knowsKubernetesSd(promtool: string): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-probe-"));
  try {
    const file = path.join(dir, "probe.yml");
    fs.writeFileSync(file, "scrape_configs:\n  - job_name: probe\n    kubernetes_sd_configs: [{ role: pod }]\n");
    return runBinary(promtool, ["check", "config", "--syntax-only", file]).status === 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
