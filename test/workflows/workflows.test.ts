import * as fs from "node:fs";
import * as path from "node:path";
import { NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const repositoryRoot = path.resolve(__dirname, "..", "..");
const workflowsDir = path.join(repositoryRoot, ".github", "workflows");
const files = fs.readdirSync(workflowsDir).filter((name) => /\.ya?ml$/.test(name));

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  "runs-on": string;
  environment?: string;
  env?: Record<string, string>;
  strategy?: { matrix?: { include?: { stack: string }[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
  return parse(fs.readFileSync(path.join(workflowsDir, name), "utf8")) as Workflow;
}

function steps(flow: Workflow): Step[] {
  return Object.values(flow.jobs).flatMap((job) => job.steps);
}

/** Every string in a document, with its path, for the credential check. */
function strings(node: unknown, at = ""): [string, string][] {
  if (typeof node === "string") return [[at, node]];
  if (Array.isArray(node)) return node.flatMap((item, index) => strings(item, `${at}[${index}]`));
  if (typeof node === "object" && node !== null) {
    return Object.entries(node).flatMap(([key, value]) => strings(value, at === "" ? key : `${at}.${key}`));
  }
  return [];
}

const stacks = fs
  .readdirSync(repositoryRoot)
  .map((name) => /^Pulumi\.(\w+)\.yaml$/.exec(name)?.[1])
  .filter((name): name is string => name !== undefined);

describe.each(files)(".github/workflows/%s", (file) => {
  const content = fs.readFileSync(path.join(workflowsDir, file), "utf8");

  it("is a valid GitHub Actions workflow (GitHub's own parser and schema)", () => {
    const result = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((error) => error.message)).toEqual([]);
    expect(result.value).toBeDefined();
  });

  it("pins every action to an exact release or commit", () => {
    for (const step of steps(workflow(file))) {
      if (step.uses === undefined) continue;
      expect(step.uses, file).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/);
    }
  });

  it("holds no credential: every token, password, passphrase or kubeconfig comes from secrets", () => {
    for (const [at, value] of strings(workflow(file))) {
      if (!/token|password|passphrase|kubeconfig_content|access_key|secret/i.test(at)) continue;
      expect(value, `${file}: ${at}`).toMatch(/^\$\{\{\s*secrets(\.[A-Z_]+|\[[\w.]+\])\s*\}\}$/);
    }
  });

  it("bounds every job in time and asks for the least permissions", () => {
    const flow = workflow(file);
    expect(flow.permissions, "top-level permissions").toBeDefined();
    for (const [name, job] of Object.entries(flow.jobs)) {
      expect((job as Job & { "timeout-minutes"?: number })["timeout-minutes"], name).toBeGreaterThan(0);
    }
  });
});

describe("pull request previews", () => {
  const flow = workflow("preview.yml");
  const preview = flow.jobs["preview"];
  const pulumi = preview.steps.find((step) => step.uses?.startsWith("pulumi/actions@"));

  it("preview every stack the repository has, with the diff, in one updated comment per stack", () => {
    expect(Object.keys(flow.on)).toEqual(["pull_request"]);
    expect(preview.strategy?.matrix?.include?.map((entry) => entry.stack).sort()).toEqual([...stacks].sort());
    expect(pulumi?.with).toMatchObject({
      command: "preview",
      "stack-name": "${{ matrix.stack }}",
      "cloud-url": "${{ vars.PULUMI_BACKEND_URL }}",
      diff: true,
      "comment-on-pr": true,
      "edit-pr-comment": true,
    });
    expect(flow.permissions?.["pull-requests"]).toBe("write");
  });

  it("post the diff of the rendered configuration, base against head, for every stack", () => {
    const render = flow.jobs["rendered-diff"].steps.map((step) => step.run ?? "").join("\n");
    expect(render).toContain("npm run --silent render --");
    expect(render).toContain("--assume-secrets");
    expect(render).toMatch(/for stack in (\w+ ?)+; do/);
    const rendered = /for stack in ([\w ]+); do/.exec(render)?.[1].split(" ");
    expect(rendered?.sort()).toEqual([...stacks].sort());
    expect(render).toContain("diff -ruN --exclude='*.json' base head");
  });

  it("post the summary of the change above the raw diff, within GitHub's comment limit", () => {
    const render = flow.jobs["rendered-diff"].steps.map((step) => step.run ?? "").join("\n");
    expect(render).toContain(
      'npm run --silent render:summary -- "$RUNNER_TEMP/rendered/base" "$RUNNER_TEMP/rendered/head"',
    );
    const post = flow.jobs["rendered-diff"].steps.find((step) => step.uses?.startsWith("actions/github-script@"));
    const script = post?.with?.["script"];
    if (typeof script !== "string") throw new Error("the comment step has no script");
    expect(script).toContain("const limit = 60000 - summary.length;");
    expect(script.indexOf("${summary}")).toBeLessThan(script.indexOf("${shown}"));
  });
});

describe("deploys and promotion", () => {
  it("update staging on every merge to main", () => {
    const flow = workflow("deploy-staging.yml");
    expect(flow.on).toEqual({ push: { branches: ["main"] } });
    const up = steps(flow).find((step) => step.uses?.startsWith("pulumi/actions@"));
    expect(up?.with).toMatchObject({ command: "up", "stack-name": "staging" });
  });

  it("promote by hand, behind the production environment's approval, through npm run promote", () => {
    const flow = workflow("promote.yml");
    expect(Object.keys(flow.on)).toEqual(["workflow_dispatch"]);
    const job = flow.jobs["promote"];
    expect(job.environment).toBe("production");
    const run = job.steps.map((step) => step.run ?? "").join("\n");
    expect(run).toContain('npm run promote -- --from "$FROM" --to "$TO" --commit "$GITHUB_SHA" --yes');
  });
});

describe("the workflow check can fail", () => {
  it("rejects a misspelled key and a job without runs-on", () => {
    const broken = "on: push\njobs:\n  build:\n    runs_on: ubuntu-24.04\n    steps:\n      - run: echo hi\n";
    const result = parseWorkflow({ name: "broken.yml", content: broken }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().length).toBeGreaterThan(0);
  });
});
