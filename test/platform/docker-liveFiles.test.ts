import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { afterAll, describe, expect, it } from "vitest";
import {
  filesByDelivery,
  filesRoot,
  loaderFailure,
  loaderScript,
  restartTrigger,
} from "../../platform/docker/liveFiles";
import type { ResolvedFile } from "../../platform/types";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";
import { stackSettings } from "../../scripts/underMocks/stacks";

/**
 * The loader's script run by BusyBox's own applets (what the Prometheus image
 * has), on directories standing in for the uploads and the files volume.
 */
const busybox = "/usr/bin/busybox";
const applets = ["sh", "mktemp", "chmod", "mkdir", "dirname", "cp", "ln", "mv", "rm", "cat"];

const scratch = makeTempDir("live-files-");
const bin = path.join(scratch, "bin");
fs.mkdirSync(bin);
for (const applet of applets) fs.symlinkSync(busybox, path.join(bin, applet));
const volume = path.join(scratch, "volume");
fs.mkdirSync(volume);

afterAll(() => removeTempDir(scratch));

/** Writes `files` as a loader's uploads under a fresh root and runs the script on them. */
function load(files: Readonly<Record<string, string>>, extraArgs: readonly string[] = []) {
  const root = fs.mkdtempSync(path.join(scratch, "uploads-"));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content, { mode: 0o644 });
  }
  return spawnSync(
    path.join(bin, "sh"),
    ["-c", loaderScript, "load-files", root, volume, ...Object.keys(files), ...extraArgs],
    { encoding: "utf8", env: { PATH: bin } },
  );
}

/** What a reader of the mounted volume sees: every regular file reached through the top-level entries. */
function seen(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir)) {
      if (prefix === "" && entry.startsWith("..")) continue;
      const full = path.join(dir, entry);
      if (fs.statSync(full).isDirectory()) walk(full, `${prefix}${entry}/`);
      else files[`${prefix}${entry}`] = fs.readFileSync(full, "utf8");
    }
  };
  walk(volume, "");
  return files;
}

const generations = () => fs.readdirSync(volume).filter((entry) => entry.startsWith("..") && entry !== "..data");

describe.runIf(fs.existsSync(busybox))("the files loader's script (BusyBox)", () => {
  const first = {
    "prometheus.yml": "rule_files: [/etc/prometheus/rules/*.yml]\n",
    "rules/stack.rules.yml": "groups: []\n",
    "rules/old.rules.yml": "groups: []\n",
    "secrets/remote-write-password": "s3cret",
  };

  it("writes every file behind links through ..data, readable by anyone", () => {
    const run = load(first);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(seen()).toEqual(first);
    expect(fs.readlinkSync(path.join(volume, "prometheus.yml"))).toBe("..data/prometheus.yml");
    expect(fs.readlinkSync(path.join(volume, "rules"))).toBe("..data/rules");
    expect(generations()).toEqual([fs.readlinkSync(path.join(volume, "..data"))]);
    const generation = path.join(volume, generations()[0]);
    expect(fs.statSync(generation).mode & 0o777).toBe(0o755);
    expect(fs.statSync(path.join(generation, "rules")).mode & 0o777).toBe(0o755);
    expect(fs.statSync(path.join(generation, "prometheus.yml")).mode & 0o777).toBe(0o644);
  });

  it("switches to the next set whole: changed files change, dropped files and directories go", () => {
    const previous = generations();
    const second = {
      "prometheus.yml": "rule_files: [/etc/prometheus/rules/*.yml]\nglobal: {}\n",
      "rules/stack.rules.yml": "groups: [{name: stack, rules: []}]\n",
    };
    const run = load(second);
    expect(run.status, run.stderr).toBe(0);
    expect(seen()).toEqual(second);
    expect(fs.existsSync(path.join(volume, "secrets"))).toBe(false);
    expect(generations()).toHaveLength(1);
    expect(generations()).not.toEqual(previous);
  });

  it("fails before the switch when a file is missing, and the previous set stays in place", () => {
    const before = seen();
    const current = fs.readlinkSync(path.join(volume, "..data"));
    const run = load({ "prometheus.yml": "global: {}\n" }, ["rules/never-uploaded.yml"]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("never-uploaded.yml");
    expect(fs.readlinkSync(path.join(volume, "..data"))).toBe(current);
    expect(seen()).toEqual(before);
  });

  it("cleans up what a failed run left on its next success", () => {
    const run = load({ "prometheus.yml": "global: {}\n" });
    expect(run.status, run.stderr).toBe(0);
    expect(seen()).toEqual({ "prometheus.yml": "global: {}\n" });
    expect(generations()).toHaveLength(1);
  });
});

describe("the files volume's mount point and the restart trigger", () => {
  const file = (filePath: string, content: string, reloadsLive: boolean): ResolvedFile => ({
    path: filePath,
    content,
    sensitive: false,
    checksum: content,
    bytes: content.length,
    reloadsLive,
  });
  const valueOf = (output: pulumi.Output<string>) =>
    new Promise<string>((resolve) => output.apply((value) => resolve(value)));

  it("mounts at the deepest directory of the live files, and uploads what lies elsewhere", () => {
    const files = [
      file("/etc/prometheus/prometheus.yml", "", true),
      file("/etc/prometheus/rules/a.yml", "", true),
      file("/etc/prometheus/web/web.yml", "", false),
      file("/etc/tls/prometheus/tls.crt", "", false),
    ];
    expect(filesRoot({ role: "prometheus", files })).toBe("/etc/prometheus");
    const { onVolume, uploaded } = filesByDelivery({ role: "prometheus", files });
    expect(onVolume.map((entry) => entry.path)).toEqual(files.slice(0, 3).map((entry) => entry.path));
    expect(uploaded.map((entry) => entry.path)).toEqual(["/etc/tls/prometheus/tls.crt"]);
    expect(filesRoot({ role: "prometheus", files: files.slice(1) })).toBe("/etc/prometheus/rules");
    expect(() => filesRoot({ role: "prometheus", files: [...files, file("/etc/other/x.yml", "", true)] })).toThrow(
      /prometheus: the files it reloads live .* share no directory below a top-level one.*\/etc\/<role>/,
    );
  });

  it("reports a failed loader naming its logs, and nothing when it succeeded", () => {
    const settings = stackSettings("dev");
    expect(loaderFailure(0, settings, "prometheus")).toBeUndefined();
    expect(loaderFailure(2, settings, "prometheus")).toBe(
      "prometheus: the container that writes its files exited with code 2; " +
        "see `docker logs obs-dev-prometheus-files`. The running prometheus keeps its previous files",
    );
  });

  it("changes with a file the workload does not reload, and only with such a file", async () => {
    const live = file("/etc/prometheus/prometheus.yml", "a", true);
    const fixed = file("/etc/prometheus/web/web.yml", "b", false);
    const base = await valueOf(restartTrigger({ role: "prometheus", files: [live, fixed] }));
    expect(
      await valueOf(restartTrigger({ role: "prometheus", files: [{ ...live, checksum: "changed" }, fixed] })),
    ).toBe(base);
    expect(
      await valueOf(restartTrigger({ role: "prometheus", files: [live, { ...fixed, checksum: "changed" }] })),
    ).not.toBe(base);
  });
});
