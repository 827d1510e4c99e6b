/** Where the bench finds Prometheus, promtool and Sloth, building them when missing. */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defaultImages } from "../../settings/versions";
import { progress } from "./util";

/** The repository root: scripts/images and scripts/build-upstream-tools run from there. */
const root = path.resolve(__dirname, "../..");

/** The project's cache folder, found the way scripts/images finds it. */
function cacheRoot(): string {
  const xdg = process.env["XDG_CACHE_HOME"] ?? path.join(os.homedir(), ".cache");
  return process.env["OBSERVABILITY_CACHE"] ?? path.join(xdg, "observability-stack");
}

/** The Prometheus the stacks pin, as scripts/images caches it; built by that script when missing. */
export function prometheusBinary(): string {
  const tag = defaultImages.prometheus.split(":").pop() ?? "";
  const binary = path.join(cacheRoot(), "images", `prometheus-${tag}`, "prometheus");
  if (fs.existsSync(binary)) return binary;
  progress(`${binary} is missing: running bash scripts/images prometheus`);
  const result = spawnSync("bash", ["scripts/images", "prometheus"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  progress(`scripts/images said: ${result.stdout.trim().split("\n").pop() ?? "(nothing)"} (exit ${result.status})`);
  if (!fs.existsSync(binary)) {
    throw new Error(
      `no Prometheus binary at ${binary}. Start a Docker engine and run \`bash scripts/images prometheus\` ` +
        "(if the image already exists, `docker rmi` it first: the script builds only missing images)",
    );
  }
  return binary;
}

/** Sloth, from scripts/build-upstream-tools (built once, then cached). */
export function slothBinary(): string {
  progress("bash scripts/build-upstream-tools sloth (builds Sloth on first use, about a minute)");
  const output = execFileSync("bash", ["scripts/build-upstream-tools", "sloth"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = output.trim().split("\n").pop() ?? "";
  if (!line.startsWith("SLOTH=")) throw new Error(`scripts/build-upstream-tools sloth printed no SLOTH= line: ${line}`);
  return line.slice("SLOTH=".length);
}

/** The first line a binary prints on stdout (Sloth logs unrelated lines on stderr). */
export function firstLine(binary: string, args: string[]): string {
  const result = spawnSync(binary, args, { encoding: "utf8" });
  return result.stdout.trim().split("\n")[0] ?? "";
}
