import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { stopServer, type RunningServer } from "../e2e/processes";
import { alertingPrometheus } from "../helpers/alertingPrometheus";
import { deployedEngine, EngineProject } from "../helpers/engine";
import { removeTempDir } from "../helpers/tempFiles";
import type { ToolResult } from "../helpers/upstream";

// `npm run promote` with the real engine on two render-mode Kubernetes
// stacks (staging → prod) in a local file backend, its health gate asking a
// real Prometheus (Debian's) on 127.0.0.1 in place of staging's Ingress.
const engine = deployedEngine();
const minutes = 60_000;

describe.runIf(engine !== undefined)("npm run promote with the real engine", () => {
  let project: EngineProject;
  const servers: RunningServer[] = [];
  let healthyUrl: string;
  let pagingUrl: string;

  const prometheus = (name: string, severity: string): Promise<string> =>
    alertingPrometheus(path.join(project.root, name), severity, servers);

  function promote(...args: string[]): ToolResult {
    const tsx = path.join(project.dir, "node_modules", ".bin", "tsx");
    const result = spawnSync(tsx, ["scripts/promote.ts", ...args], {
      cwd: project.dir,
      env: project.env,
      encoding: "utf8",
      timeout: 20 * minutes,
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error) throw result.error;
    const transcript = [result.stdout, result.stderr].join("\n");
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, transcript };
  }

  function prodTags(): Record<string, string> {
    return JSON.parse(project.mustPulumi(["stack", "tag", "ls", "--json", "--stack", "prod"])) as Record<
      string,
      string
    >;
  }

  beforeAll(async () => {
    project = new EngineProject(engine ?? "");
    project.initStack("staging");
    project.initStack("prod");
    // The stack files now hold each stack's encryption salt: part of the committed project.
    project.git("add", "--all");
    project.git("-c", "user.name=test", "-c", "user.email=test@example.test", "commit", "--quiet", "-m", "stacks");
    healthyUrl = await prometheus("healthy", "warning");
    pagingUrl = await prometheus("paging", "critical");
    project.mustPulumi(["up", "--yes", "--skip-preview", "--stack", "staging"], 15 * minutes);
  }, 20 * minutes);

  afterAll(async () => {
    for (const server of servers) await stopServer(server);
    if (project !== undefined) removeTempDir(project.root);
  });

  it(
    "refuses while staging pages, naming the health gate and the alert",
    () => {
      const result = promote("--yes", "--prometheus-url", pagingUrl);
      expect(result.status, result.transcript.slice(-4000)).toBe(1);
      expect(result.stderr).toContain("promotion refused by the health gate");
      expect(result.stderr).toContain("critical alert Example is firing");
      expect(prodTags()["observability:promoted-commit"]).toBeUndefined();
    },
    10 * minutes,
  );

  it(
    "without a terminal and without --yes, shows the preview and changes nothing",
    () => {
      const result = promote("--prometheus-url", healthyUrl);
      expect(result.status, result.transcript.slice(-4000)).toBe(1);
      expect(result.stdout).toContain("preview of prod");
      expect(result.stderr).toContain("no terminal to confirm on; pass --yes");
      expect(fs.existsSync(path.join(project.renderDir("prod"), "1-manifest"))).toBe(false);
    },
    10 * minutes,
  );

  it(
    "promotes what staging runs and records the commit and images as prod's stack tags",
    () => {
      const head = project.git("rev-parse", "HEAD");
      const result = promote("--yes", "--prometheus-url", healthyUrl);
      expect(result.status, result.transcript.slice(-6000)).toBe(0);
      expect(result.stdout).toContain(`promoted ${head.slice(0, 12)} from staging to prod`);
      const tags = prodTags();
      expect(tags["observability:promoted-commit"]).toBe(head);
      expect(tags["observability:promoted-from"]).toBe("staging");
      expect(tags["observability:promoted-images"]).toMatch(/^prometheus=v\d+\.\d+\.\d+,alertmanager=/);
      expect(fs.readdirSync(path.join(project.renderDir("prod"), "1-manifest")).length).toBeGreaterThan(30);
    },
    20 * minutes,
  );

  it(
    "moves an image pin staging got into prod's stack file itself",
    () => {
      const stagingFile = path.join(project.dir, "Pulumi.staging.yaml");
      const staging = parse(fs.readFileSync(stagingFile, "utf8")) as { config: Record<string, unknown> };
      staging.config["observability:versions"] = { grafana: "docker.io/grafana/grafana:12.0.1" };
      fs.writeFileSync(stagingFile, stringify(staging));
      project.git(
        "-c",
        "user.name=test",
        "-c",
        "user.email=test@example.test",
        "commit",
        "--quiet",
        "-am",
        "pin grafana",
      );
      project.mustPulumi(["up", "--yes", "--skip-preview", "--stack", "staging"], 15 * minutes);

      const result = promote("--yes", "--prometheus-url", healthyUrl);
      expect(result.status, result.transcript.slice(-6000)).toBe(0);
      expect(result.stdout).toContain("→ moved to Pulumi.prod.yaml: image pins");
      const prod = parse(fs.readFileSync(path.join(project.dir, "Pulumi.prod.yaml"), "utf8")) as {
        config: Record<string, unknown>;
      };
      expect(prod.config["observability:versions"]).toEqual({ grafana: "docker.io/grafana/grafana:12.0.1" });
      expect(prodTags()["observability:promoted-images"]).toContain("grafana=12.0.1");
    },
    30 * minutes,
  );

  it(
    "refuses a commit staging has not run, naming the last-update gate",
    () => {
      project.git(
        "-c",
        "user.name=test",
        "-c",
        "user.email=test@example.test",
        "commit",
        "--quiet",
        "--allow-empty",
        "-m",
        "newer",
      );
      const result = promote("--yes", "--prometheus-url", healthyUrl);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("promotion refused by the last-update gate");
      expect(result.stderr).toMatch(
        /the last update of staging ran commit [0-9a-f]{12}, not [0-9a-f]{12} being promoted/,
      );
    },
    10 * minutes,
  );
});
