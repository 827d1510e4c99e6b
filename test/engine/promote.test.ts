import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { stopServer, type RunningServer } from "../e2e/processes";
import { alertingPrometheus } from "../helpers/alertingPrometheus";
import { engineUnderTest, EngineProject } from "../helpers/engine";
import { SettingsError } from "../../settings/errors";
import { rawConfigFromStackFile } from "../../settings/fromStackFile";
import { checkStack } from "../../model/stack/settings";
import { runPromoteCli } from "../helpers/promoteCli";
import { removeTempDir } from "../helpers/tempFiles";
import type { ToolResult } from "../helpers/upstream";

// `npm run promote` (scripts/promote.ts, run as npm runs it, without a
// terminal) with the real engine on the project's own program: two
// render-mode Kubernetes stacks (staging → prod) in a local file backend and
// a Git work tree, the health gate asking a real Prometheus (Debian's) on
// 127.0.0.1 in place of staging's Ingress.
const engine = engineUnderTest();
const minutes = 60_000;

describe.runIf(engine !== undefined)("promoting staging to prod with the real engine", () => {
  let project: EngineProject;
  let staging: Stack;
  let prod: Stack;
  const servers: RunningServer[] = [];
  let healthyUrl: string;
  let pagingUrl: string;

  const prometheus = (name: string, severity: string): Promise<string> =>
    alertingPrometheus(path.join(project.root, name), severity, servers);

  /** `npm run promote -- ARGS` in the project copy. */
  const promote = (...args: string[]): Promise<ToolResult> => runPromoteCli(project.dir, args, 10 * minutes);

  const prodRendered = () => path.join(project.renderDir("prod"), "1-manifest");

  beforeAll(async () => {
    if (engine === undefined) return;
    project = new EngineProject(engine);
    ({ stack: staging } = await project.initStack("staging"));
    ({ stack: prod } = await project.initStack("prod"));
    // The stack files now hold each stack's encryption salt and settings: part of the committed project.
    project.commit("stacks");
    healthyUrl = await prometheus("healthy", "warning");
    pagingUrl = await prometheus("paging", "critical");
    await staging.up();
  }, 10 * minutes);

  afterAll(async () => {
    for (const server of servers) await stopServer(server);
    if (project !== undefined) removeTempDir(project.root);
  });

  it(
    "names a stack that does not exist, and an uncommitted work tree, before any gate",
    async () => {
      const missing = await promote("--from", "qa", "--yes", "--prometheus-url", healthyUrl);
      expect(missing.status, missing.transcript.slice(-4000)).toBe(1);
      expect(missing.stderr).toContain("stack qa (--from) does not exist in the backend you are logged in to");

      const file = project.stackFile("prod");
      const committed = fs.readFileSync(file, "utf8");
      fs.appendFileSync(file, "# an edit not committed\n");
      const dirty = await promote("--yes", "--prometheus-url", healthyUrl);
      fs.writeFileSync(file, committed);
      expect(dirty.status, dirty.transcript.slice(-4000)).toBe(1);
      expect(dirty.stderr).toContain("promotion refused by the commit gate");
      expect(dirty.stderr).toContain("the work tree has uncommitted changes");
      expect(await prod.listTags()).not.toHaveProperty("observability:promoted-commit");
    },
    5 * minutes,
  );

  it(
    "refuses while staging pages, naming the health gate and the alert, before touching prod",
    async () => {
      const result = await promote("--yes", "--prometheus-url", pagingUrl);
      expect(result.status, result.transcript.slice(-4000)).toBe(1);
      expect(result.stderr).toContain("promotion refused by the health gate");
      expect(result.stderr).toContain("critical alert Example is firing");
      expect(await prod.listTags()).not.toHaveProperty("observability:promoted-commit");
    },
    5 * minutes,
  );

  it(
    "without a terminal and without --yes, shows prod's preview and changes nothing",
    async () => {
      const result = await promote("--prometheus-url", healthyUrl);
      expect(result.status, result.transcript.slice(-4000)).toBe(1);
      expect(result.stdout).toContain("preview of prod");
      expect(result.stdout).toMatch(/\+ \d+ to create/);
      expect(result.stderr).toContain("no terminal to confirm on; pass --yes");
      expect(fs.existsSync(prodRendered())).toBe(false);
      expect(await prod.history(1)).toEqual([]);
    },
    10 * minutes,
  );

  it(
    "promotes what staging runs: up on prod, and the commit and images recorded as prod's stack tags",
    async () => {
      const head = project.git("rev-parse", "HEAD");
      const result = await promote("--yes", "--prometheus-url", healthyUrl);
      expect(result.status, result.transcript.slice(-6000)).toBe(0);
      expect(result.stdout).toContain(`promoted ${head.slice(0, 12)} from staging to prod`);
      const tags = await prod.listTags();
      expect(tags["observability:promoted-commit"]).toBe(head);
      expect(tags["observability:promoted-from"]).toBe("staging");
      expect(tags["observability:promoted-images"]).toMatch(/^prometheus=v\d+\.\d+\.\d+,alertmanager=/);
      const [last] = await prod.history(1);
      expect(last?.result).toBe("succeeded");
      expect(fs.readdirSync(prodRendered()).length).toBeGreaterThan(50);
    },
    10 * minutes,
  );

  it(
    "moves an image pin staging got into prod's stack file itself, and prod renders that image",
    async () => {
      project.setInStackFile("staging", "versions", { grafana: "docker.io/grafana/grafana:12.0.1" });
      project.commit("pin grafana");
      await staging.up();

      const result = await promote("--yes", "--prometheus-url", healthyUrl);
      expect(result.status, result.transcript.slice(-6000)).toBe(0);
      expect(result.stdout).toContain("→ moved to Pulumi.prod.yaml: image pins");
      const prodFile = parse(fs.readFileSync(project.stackFile("prod"), "utf8")) as { config: Record<string, unknown> };
      expect(prodFile.config["observability:versions"]).toEqual({ grafana: "docker.io/grafana/grafana:12.0.1" });
      expect((await prod.listTags())["observability:promoted-images"]).toContain("grafana=12.0.1");
      const grafana = fs
        .readdirSync(prodRendered())
        .find((file) => file.startsWith("apps_v1-statefulset-") && file.endsWith("-grafana.yaml"));
      expect(fs.readFileSync(path.join(prodRendered(), grafana ?? "missing"), "utf8")).toContain(
        "image: docker.io/grafana/grafana:12.0.1",
      );
    },
    15 * minutes,
  );

  it(
    "refuses a commit staging has not run, naming the last-update gate",
    async () => {
      // The pin moved into prod's stack file above is what a promotion leaves to commit.
      project.commit("newer");
      const result = await promote("--yes", "--prometheus-url", healthyUrl);
      expect(result.status, result.transcript.slice(-4000)).toBe(1);
      expect(result.stderr).toContain("promotion refused by the last-update gate");
      expect(result.stderr).toMatch(
        /the last update of staging ran commit [0-9a-f]{12}, not [0-9a-f]{12} being promoted/,
      );
    },
    5 * minutes,
  );

  it(
    "stops a prod config with mistakes with the readable list, before prod's stack file or state is touched",
    async () => {
      // What staging last ran (the commit before "newer" above) passes the last-update gate.
      const ran = project.git("rev-parse", "HEAD~1");
      project.setInStackFile("prod", "prometheus", { replicas: 0 });
      project.setInStackFile("prod", "alertng", { receivers: [] });
      const fileBefore = fs.readFileSync(project.stackFile("prod"), "utf8");
      const updatesBefore = (await prod.history()).length;

      const result = await promote("--yes", "--commit", ran, "--prometheus-url", healthyUrl);
      expect(result.status, result.transcript.slice(-4000)).toBe(1);
      const expected = new SettingsError("prod", checkStack(rawConfigFromStackFile("prod", project.dir)).problems);
      expect(result.stderr).toContain(expected.message);
      expect(expected.message).toContain("  - observability:prometheus.replicas: must be at least 1 (got 0)");
      expect(expected.message).toContain(
        "  - observability:alertng: unknown config key (did you mean 'alerting'?); remove it with: pulumi config rm observability:alertng",
      );
      expect(result.transcript).not.toMatch(/^\s+at /m);
      expect(fs.readFileSync(project.stackFile("prod"), "utf8")).toBe(fileBefore);
      expect((await prod.history()).length).toBe(updatesBefore);
    },
    5 * minutes,
  );
});
