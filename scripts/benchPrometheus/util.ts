/** Small helpers every part of the Prometheus bench uses: progress, waiting, files, units. */
import * as fs from "node:fs";
import * as path from "node:path";

/** When the bench started (this module's load), so that progress lines show elapsed time. */
const started = Date.now();

/** A progress line on stderr (stdout carries the tables), stamped with the seconds since start. */
export function progress(message: string): void {
  console.error(`bench-prometheus [${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Polls `check` until it returns a value, for at most `timeoutMs`.
 * @throws naming `what` on timeout, or what `check` throws.
 */
export async function waitFor<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}

/** Writes `content` at `file`, creating its folder. */
export function writeFile(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** `bytes` in whole MiB, as the tables print memory. */
export function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
