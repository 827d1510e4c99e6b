import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { Refusal, runPromotion, stackFile } from "../../scripts/promotion/run";
import { stopServer, type RunningServer } from "../e2e/processes";
import { alertingPrometheus } from "../helpers/alertingPrometheus";
import { engineUnderTest, EngineProject } from "../helpers/engine";
import { removeTempDir } from "../helpers/tempFiles";

// The promotion (what `npm run promote` runs) with the real engine on the
// project's own program: two render-mode Kubernetes stacks (staging → prod)
// in a local file backend and a Git work tree, the health gate asking a real
// Prometheus (Debian's) on 127.0.0.1 in place of staging's Ingress.
const engine = engineUnderTest();
const minutes = 60_000;

describe.runIf(engine !== undefined)("promoting staging to prod with the real engine", () => {
  let project: EngineProject;
  let staging: Stack;
  let prod: Stack;
  const servers: RunningServer[] = [];
  let healthyUrl: string;
  let pagingUrl: string;
  const log: string[] = [];

  const prometheus = (name: string, severity: string): Promise<string> =>
    alertingPrometheus(path.join(project.root, name), severity, servers);

  function promote(commit: string, prometheusUrl: string, confirm = true): Promise<boolean> {
    log.length = 0;
    return runPromotion({
      source: staging,
      target: prod,
      commit,
      prometheusUrl,
      confirm: () => Promise.resolve(confirm),
      log: (text) => log.push(text),
    });
  }

  const refusal = (promotion: Promise<boolean>): Promise<Refusal> =>
    promotion.then(
      () => {
        throw new Error("the promotion went ahead");
      },
      (error: unknown) => {
        if (error instanceof Refusal) return error;
        throw error;
      },
    );

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
    "refuses while staging pages, naming the health gate and the alert, before touching prod",
    async () => {
      const error = await refusal(promote(project.git("rev-parse", "HEAD"), pagingUrl));
      expect(error.gate).toBe("health");
      expect(error.reasons).toEqual(["critical alert Example is firing"]);
      expect(await prod.listTags()).not.toHaveProperty("observability:promoted-commit");
    },
    5 * minutes,
  );

  it(
    "shows prod's preview and changes nothing when the person does not confirm",
    async () => {
      expect(await promote(project.git("rev-parse", "HEAD"), healthyUrl, false)).toBe(false);
      const text = log.join("");
      expect(text).toContain("preview of prod");
      expect(text).toMatch(/\+ \d+ to create/);
      expect(fs.existsSync(prodRendered())).toBe(false);
      expect(await prod.history(1)).toEqual([]);
    },
    5 * minutes,
  );

  it(
    "promotes what staging runs: up on prod, and the commit and images recorded as prod's stack tags",
    async () => {
      const head = project.git("rev-parse", "HEAD");
      expect(await promote(head, healthyUrl)).toBe(true);
      expect(log.join("")).toContain(`promoted ${head.slice(0, 12)} from staging to prod`);
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
      const stagingFile = stackFile(staging);
      const document = parse(fs.readFileSync(stagingFile, "utf8")) as { config: Record<string, unknown> };
      document.config["observability:versions"] = { grafana: "docker.io/grafana/grafana:12.0.1" };
      fs.writeFileSync(stagingFile, stringify(document));
      const head = project.commit("pin grafana");
      await staging.up();

      expect(await promote(head, healthyUrl)).toBe(true);
      expect(log.join("")).toContain("→ moved to Pulumi.prod.yaml: image pins");
      const prodFile = parse(fs.readFileSync(stackFile(prod), "utf8")) as { config: Record<string, unknown> };
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
      const newer = project.commit("newer");
      const error = await refusal(promote(newer, healthyUrl));
      expect(error.gate).toBe("last-update");
      expect(error.reasons.join("\n")).toMatch(
        /the last update of staging ran commit [0-9a-f]{12}, not [0-9a-f]{12} being promoted/,
      );
    },
    5 * minutes,
  );
});
