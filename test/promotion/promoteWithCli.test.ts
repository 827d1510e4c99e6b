import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { Refusal, runPromotion, stackFile } from "../../scripts/promotion/run";
import { stopServer, type RunningServer } from "../e2e/processes";
import { alertingPrometheus } from "../helpers/alertingPrometheus";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";
import { deployedPulumiCli } from "../helpers/upstream";

// The promotion with the real Pulumi CLI (v3.248.0, built from its Go module
// by `scripts/engine --cli`) and a local file backend: two stacks of an
// inline program (which needs neither the Node.js language host nor a
// provider, the parts the module proxy does not serve), in a Git work tree of
// their own, the source exporting the URL of a real Prometheus (Debian's)
// for the health gate. The gates read real update history, outputs, config
// and stack files; the promotion runs a real preview and up and sets real tags.
const cli = deployedPulumiCli();
const minutes = 60_000;

describe.runIf(cli !== undefined)("runPromotion with the real Pulumi CLI", () => {
  let root: string;
  let workDir: string;
  const servers: RunningServer[] = [];
  let healthyUrl = "";
  let pagingUrl = "";
  let staging: Stack;
  let prod: Stack;
  const log: string[] = [];

  function git(...args: string[]): string {
    const result = spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.test", ...args], {
      cwd: workDir,
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
    return result.stdout.trim();
  }

  const prometheus = (name: string, severity: string): Promise<string> =>
    alertingPrometheus(path.join(root, name), severity, servers);

  /** The program both stacks run: it exports the Prometheus URL the health gate asks and the pins it was given. */
  const program = () => {
    const config = new pulumi.Config("observability");
    return Promise.resolve({
      prometheusUrl: config.get("prometheusUrl") ?? "",
      versions: config.getObject("versions") ?? {},
    });
  };

  async function stack(name: string): Promise<Stack> {
    return LocalWorkspace.createOrSelectStack(
      { stackName: name, projectName: "promotion-test", program },
      { workDir, projectSettings: { name: "promotion-test", runtime: "nodejs" } },
    );
  }

  function editStackFile(target: Stack, edit: (config: Record<string, unknown>) => void): void {
    const file = stackFile(target);
    const document = parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
    document.config ??= {};
    edit(document.config);
    fs.writeFileSync(file, stringify(document));
  }

  const promote = (commit: string, prometheusUrl?: string) =>
    runPromotion({
      source: staging,
      target: prod,
      commit,
      ...(prometheusUrl !== undefined ? { prometheusUrl } : {}),
      confirm: () => Promise.resolve(true),
      log: (text) => log.push(text),
    });

  beforeAll(async () => {
    root = makeTempDir("promotion-cli");
    workDir = path.join(root, "project");
    fs.mkdirSync(workDir);
    fs.mkdirSync(path.join(root, "state"));
    Object.assign(process.env, {
      PATH: `${path.dirname(cli ?? "")}${path.delimiter}${process.env["PATH"] ?? ""}`,
      PULUMI_HOME: path.join(root, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "promotion-test-passphrase",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_UPDATE_CHECK: "true",
    });
    healthyUrl = await prometheus("healthy", "warning");
    pagingUrl = await prometheus("paging", "critical");
    git("init", "--quiet", "--initial-branch=main");
    staging = await stack("staging");
    prod = await stack("prod");
    editStackFile(staging, (config) => {
      config["observability:prometheusUrl"] = healthyUrl;
      config["observability:packs"] = ["red", { name: "hitl", receivers: { pager: "staging-pager" } }];
    });
    editStackFile(prod, (config) => {
      config["observability:packs"] = [{ name: "hitl", receivers: { pager: "prod-pager" } }, "opsconductor"];
    });
    git("add", "--all");
    git("commit", "--quiet", "-m", "stacks");
    await staging.up({ onOutput: (text) => log.push(text) });
  }, 5 * minutes);

  afterAll(async () => {
    for (const server of servers) await stopServer(server);
    if (root !== undefined) removeTempDir(root);
  });

  it("reads the source's real update history: the last update ran this commit", async () => {
    const [last] = await staging.history(1);
    expect(last?.result).toBe("succeeded");
    expect(last?.environment["git.head"]).toBe(git("rev-parse", "HEAD"));
  });

  it(
    "refuses while the source's Prometheus pages, before touching the target",
    async () => {
      const error = await promote(git("rev-parse", "HEAD"), pagingUrl).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Refusal);
      expect((error as Refusal).gate).toBe("health");
      expect((error as Refusal).reasons).toEqual(["critical alert Example is firing"]);
      expect(await prod.listTags()).not.toHaveProperty("observability:promoted-commit");
    },
    5 * minutes,
  );

  it(
    "promotes through the URL the source exports: moves the pack set, previews, runs up and tags the target",
    async () => {
      const head = git("rev-parse", "HEAD");
      expect(await promote(head)).toBe(true);
      const text = log.join("");
      expect(text).toContain("✓ staging is healthy");
      expect(text).toContain("→ moved to Pulumi.prod.yaml: packs +red -opsconductor");
      expect(text).toContain("preview of prod");
      const prodConfig = parse(fs.readFileSync(stackFile(prod), "utf8")) as { config: Record<string, unknown> };
      // prod keeps its own receivers for hitl, takes red, drops opsconductor.
      expect(prodConfig.config["observability:packs"]).toEqual([
        "red",
        { name: "hitl", receivers: { pager: "prod-pager" } },
      ]);
      const tags = await prod.listTags();
      expect(tags["observability:promoted-commit"]).toBe(head);
      expect(tags["observability:promoted-from"]).toBe("staging");
      expect(tags["observability:promoted-images"]).toMatch(/^prometheus=v\d+\.\d+\.\d+,alertmanager=/);
      const [last] = await prod.history(1);
      expect(last?.result).toBe("succeeded");
      expect((await prod.outputs())["prometheusUrl"]).toBeDefined();
    },
    5 * minutes,
  );

  it(
    "moves an image pin the source got, and records it in the images tag",
    async () => {
      editStackFile(staging, (config) => {
        config["observability:versions"] = { grafana: "docker.io/grafana/grafana:12.0.1" };
      });
      git("commit", "--quiet", "-am", "pin grafana");
      await staging.up({ onOutput: (text) => log.push(text) });
      expect(await promote(git("rev-parse", "HEAD"))).toBe(true);
      const prodConfig = parse(fs.readFileSync(stackFile(prod), "utf8")) as { config: Record<string, unknown> };
      expect(prodConfig.config["observability:versions"]).toEqual({ grafana: "docker.io/grafana/grafana:12.0.1" });
      expect((await prod.listTags())["observability:promoted-images"]).toContain("grafana=12.0.1");
      expect((await prod.outputs())["versions"]?.value).toEqual({ grafana: "docker.io/grafana/grafana:12.0.1" });
    },
    5 * minutes,
  );

  it(
    "refuses a commit the source has not run, naming the last-update gate",
    async () => {
      git("commit", "--quiet", "--allow-empty", "-am", "newer");
      const error = await promote(git("rev-parse", "HEAD")).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Refusal);
      expect((error as Refusal).gate).toBe("last-update");
      expect((error as Refusal).reasons[0]).toMatch(
        /^the last update of staging ran commit [0-9a-f]{12}, not [0-9a-f]{12} being promoted/,
      );
    },
    5 * minutes,
  );

  it(
    "does not change the target when the person does not confirm",
    async () => {
      const before = await prod.history(10);
      const promoted = await runPromotion({
        source: staging,
        target: prod,
        commit: (await staging.history(1))[0]?.environment["git.head"] ?? "",
        confirm: () => Promise.resolve(false),
        log: () => undefined,
      });
      expect(promoted).toBe(false);
      expect((await prod.history(10)).filter((entry) => entry.kind === "update").length).toBe(
        before.filter((entry) => entry.kind === "update").length,
      );
    },
    5 * minutes,
  );
});
