import { spawn, type ChildProcess } from "node:child_process";
import * as net from "node:net";

/** A server process started by a test, with the tail of what it printed (for failure messages). */
export interface RunningServer {
  readonly name: string;
  readonly process: ChildProcess;
  /** The last lines of stdout and stderr. */
  log(): string;
}

const logLimit = 20_000;

/** A TCP port free on 127.0.0.1 at the time of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === "string") reject(new Error("no port"));
        else resolve(address.port);
      });
    });
  });
}

/** Starts a binary (never through a shell), keeping the tail of its output. */
export function startServer(name: string, binary: string, args: readonly string[]): RunningServer {
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-logLimit);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("error", (error) => keep(Buffer.from(`spawn error: ${error.message}\n`)));
  return { name, process: child, log: () => output };
}

/** Stops a server by its pid: SIGTERM, then SIGKILL after five seconds. */
export async function stopServer(server: RunningServer | undefined): Promise<void> {
  if (server === undefined) return;
  const child = server.process;
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(child.pid, "SIGTERM");
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined)
      process.kill(child.pid, "SIGKILL");
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Calls `attempt` every `intervalMs` until it returns a value other than
 * `undefined` or `timeoutMs` has passed; then throws with `describe()`.
 */
export async function waitFor<T>(
  attempt: () => Promise<T | undefined>,
  timeoutMs: number,
  describe: () => string,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`gave up after ${timeoutMs} ms (${lastError}): ${describe()}`);
}
