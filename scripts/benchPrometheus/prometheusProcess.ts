/**
 * Starting and stopping Prometheus processes. Every one listens on 127.0.0.1
 * only and is stopped by pid, also on error or interruption.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { freePort, requestWhenUp } from "./requests";
import { waitFor } from "../measure";

/** Prometheus processes not yet stopped, so that an interrupted bench can stop them too. */
const running = new Set<ChildProcess>();

/** A running Prometheus. */
export interface PrometheusProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly log: string;
  readonly spawnedAt: number;
}

/** Spawns Prometheus on a free port of 127.0.0.1 with its data under `dir`; its output goes to `<dir>/prometheus.log`. */
async function startPrometheus(
  binary: string,
  dir: string,
  config: string,
  extraArgs: readonly string[] = [],
): Promise<PrometheusProcess> {
  const port = await freePort();
  const log = path.join(dir, "prometheus.log");
  const out = fs.openSync(log, "a");
  const spawnedAt = Date.now();
  const child = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...extraArgs,
    ],
    { stdio: ["ignore", out, out] },
  );
  running.add(child);
  child.once("exit", () => running.delete(child));
  // A spawn failure is an event, not an exception: into the log, which waitReady shows.
  child.once("error", (error) => fs.appendFileSync(log, `spawn failed: ${String(error)}\n`));
  fs.closeSync(out);
  return { url: `http://127.0.0.1:${port}`, child, log, spawnedAt };
}

/** Milliseconds from spawn to `/-/ready` answering 200. */
export async function waitReady(prometheus: PrometheusProcess): Promise<number> {
  const { child } = prometheus;
  await waitFor("Prometheus /-/ready", 120_000, async () => {
    if (child.exitCode !== null || child.pid === undefined) throw new Error("Prometheus exited");
    return (await requestWhenUp(`${prometheus.url}/-/ready`))?.status === 200 ? true : undefined;
  }).catch((error: unknown) => {
    throw new Error(`${String(error)}; the end of its log:\n${tail(prometheus.log)}`);
  });
  return Date.now() - prometheus.spawnedAt;
}

/** The last 15 lines of a Prometheus log, for the error when it does not become ready. */
function tail(log: string): string {
  const lines = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
  return lines.slice(-15).join("\n");
}

/** SIGTERM by pid, SIGKILL when it has not exited within 15 s. */
async function stopPrometheus(prometheus: PrometheusProcess): Promise<void> {
  const { child } = prometheus;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(child.pid, "SIGTERM");
  const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 15_000));
  if ((await Promise.race([exited, timer])) === "timeout") {
    process.kill(child.pid, "SIGKILL");
    await exited;
  }
}

/** Runs `body` with a Prometheus, stopping it whatever happens. */
export async function withPrometheus<T>(
  binary: string,
  dir: string,
  config: string,
  extraArgs: readonly string[],
  body: (prometheus: PrometheusProcess) => Promise<T>,
): Promise<T> {
  const prometheus = await startPrometheus(binary, dir, config, extraArgs);
  try {
    return await body(prometheus);
  } finally {
    await stopPrometheus(prometheus);
  }
}

/**
 * SIGKILLs every Prometheus not yet stopped, at once: for a signal handler,
 * which cannot wait for `stopPrometheus` (Ctrl-C skips the finally blocks).
 */
export function killRunningPrometheus(): void {
  for (const child of running) if (child.pid !== undefined) process.kill(child.pid, "SIGKILL");
}
