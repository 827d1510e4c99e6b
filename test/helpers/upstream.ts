import { spawn, spawnSync } from "node:child_process";
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

/**
 * Runs a binary to completion (bounded by a timeout), never through a shell,
 * with no standard input (no terminal) and `env` in place of this process's
 * environment when given.
 */
export function runBinary(
  binary: string,
  args: readonly string[],
  cwd?: string,
  timeoutMs = 60_000,
  env?: NodeJS.ProcessEnv,
): ToolResult {
  const result = spawnSync(binary, args, {
    cwd,
    env,
    encoding: "utf8",
    timeout: timeoutMs,
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return toolResult(binary, args, result.status, result.stdout, result.stderr);
}

function toolResult(
  binary: string,
  args: readonly string[],
  status: number | null,
  stdout: string,
  stderr: string,
): ToolResult {
  const transcript = [`$ ${binary} ${args.join(" ")}`, stdout, stderr].filter(Boolean).join("\n");
  return { status, stdout, stderr, transcript };
}

/**
 * {@link runBinary} without blocking this process, so that the servers a
 * test runs in it (a port forward, a webhook receiver, a loop standing in
 * for a controller) keep answering the binary meanwhile. Killed with
 * SIGTERM at the timeout (status null, as runBinary's).
 */
export function runBinaryInBackground(
  binary: string,
  args: readonly string[],
  cwd?: string,
  timeoutMs = 60_000,
  env?: NodeJS.ProcessEnv,
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString("utf8");
      resolve(toolResult(binary, args, status, text(stdout), text(stderr)));
    });
  });
}

/** Runs an upstream tool from Debian's packages. */
export function runTool(name: UpstreamTool, args: readonly string[], cwd?: string, timeoutMs?: number): ToolResult {
  return runBinary(upstreamTool(name), args, cwd, timeoutMs);
}

/**
 * Whether a test may run without a deployed tool (and skip what needs it):
 * only when OBSERVABILITY_SKIP_DEPLOYED_TOOLS=1 says so. Otherwise a missing
 * tool fails the test file with the command that provides it, so that a
 * targeted `npx vitest run <file>` never passes by skipping unnoticed.
 */
export function deployedToolsMayBeMissing(): boolean {
  return process.env["OBSERVABILITY_SKIP_DEPLOYED_TOOLS"] === "1";
}

/** How a person provides every deployed tool for a targeted run (what `npm test` exports). */
export const deployedToolsHint =
  "export them first: export $(bash scripts/build-upstream-tools | tail -n 1) $(bash scripts/engine | tail -n 1) " +
  '(README, "Run one test file"), or set OBSERVABILITY_SKIP_DEPLOYED_TOOLS=1 to skip what needs them';

/**
 * A tool of the deployed version, built from its Go module by
 * `scripts/build-upstream-tools`, named by an environment variable (the test
 * command, `npm test`, always exports them). Missing: an error, unless
 * {@link deployedToolsMayBeMissing}.
 * @param variable the environment variable naming it
 * @param derived a path to use instead, known from another variable
 */
function deployedTool(variable: string, derived?: string): string | undefined {
  const candidate = derived ?? process.env[variable];
  if (candidate === undefined || candidate === "") {
    if (!deployedToolsMayBeMissing()) throw new Error(`${variable} is not set; ${deployedToolsHint}`);
    return undefined;
  }
  if (!fs.existsSync(candidate)) {
    throw new Error(`${variable}=${candidate} does not exist; build it with: bash scripts/build-upstream-tools`);
  }
  return candidate;
}

/**
 * promtool of the deployed Prometheus (3.5). Debian's promtool 2.42 is built
 * without Kubernetes service discovery and cannot parse
 * `kubernetes_sd_configs`; this one checks the Kubernetes stacks' files whole.
 */
export function deployedPromtool(): string | undefined {
  return deployedTool("PROMTOOL_V3");
}

/** The deployed Jaeger (2.7), for `jaeger validate`; Debian has none. */
export function deployedJaeger(): string | undefined {
  return deployedTool("JAEGER_V2");
}

/** amtool of the deployed Alertmanager (0.28); Debian's is 0.25. */
export function deployedAmtool(): string | undefined {
  return deployedTool("AMTOOL_V0_28");
}

/**
 * The Pulumi CLI built from its Go module by `scripts/engine --cli`, named by
 * PULUMI_CLI (set by `npm test`; else the engine's, PULUMI_ENGINE_BIN), for
 * the Automation API tests that run inline programs.
 */
export function deployedPulumiCli(): string | undefined {
  // The engine's own CLI when only the engine was exported (a targeted run).
  const engineBin = process.env["PULUMI_ENGINE_BIN"];
  if ((process.env["PULUMI_CLI"] ?? "") === "" && engineBin !== undefined && engineBin !== "") {
    return deployedTool("PULUMI_CLI", path.join(engineBin, "pulumi"));
  }
  return deployedTool("PULUMI_CLI");
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
