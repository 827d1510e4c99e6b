/** Small helpers every part of the Prometheus bench uses: progress, files, units (waiting: ../measure.ts). */
import * as fs from "node:fs";
import * as path from "node:path";

/** When the bench started (this module's load), so that progress lines show elapsed time. */
const started = Date.now();

/** A progress line on stderr (stdout carries the tables), stamped with the seconds since start. */
export function progress(message: string): void {
  console.error(`bench-prometheus [${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
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
