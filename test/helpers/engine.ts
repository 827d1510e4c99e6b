import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { secretReferences } from "../../settings/secretRefs";
import { stackSettings, testSecretValues, type StackName } from "./stacks";
import { makeTempDir } from "./tempFiles";
import type { ToolResult } from "./upstream";

const repositoryRoot = path.resolve(__dirname, "..", "..");

/**
 * The folder holding the Pulumi engine built from Go modules by
 * `scripts/engine` (CLI, Node.js language host, kubernetes/random/tls
 * providers), named by PULUMI_ENGINE_BIN: the engine tests run when it is
 * set (`export $(bash scripts/engine | tail -1)`) and are skipped otherwise.
 * Unlike promtool and amtool, `npm test` does not require it yet: the Go
 * module proxy this project's machines reach refuses the language host and
 * the providers at the pinned versions, which `scripts/engine` reports.
 */
export function deployedEngine(): string | undefined {
  const dir = process.env["PULUMI_ENGINE_BIN"];
  if (dir === undefined || dir === "") return undefined;
  if (!fs.existsSync(path.join(dir, "pulumi")))
    throw new Error(`${dir}/pulumi does not exist; run bash scripts/engine`);
  return dir;
}

/** What a project copy is made of: the program and what it reads at run time. */
const projectEntries = [
  "Pulumi.yaml",
  "Pulumi.staging.yaml",
  "Pulumi.prod.yaml",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "index.ts",
  "program.ts",
  "settings",
  "model",
  "platform",
  "components",
  "dashboards",
  "rules",
  "slos",
  "scripts",
];

/**
 * A copy of the project in a temp folder, in a Git work tree of its own,
 * with a local file backend, a test passphrase and no network: what
 * `pulumi preview` and `pulumi up` need to run for real, with the Kubernetes
 * provider writing manifests to a folder instead of a cluster.
 */
export class EngineProject {
  readonly root: string;
  readonly dir: string;
  readonly stateDir: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(engineBin: string) {
    this.root = makeTempDir("engine");
    this.dir = path.join(this.root, "project");
    this.stateDir = path.join(this.root, "state");
    fs.mkdirSync(this.dir);
    fs.mkdirSync(this.stateDir);
    for (const entry of projectEntries) {
      fs.cpSync(path.join(repositoryRoot, entry), path.join(this.dir, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(repositoryRoot, "node_modules"), path.join(this.dir, "node_modules"), "dir");
    this.env = {
      ...process.env,
      PATH: `${engineBin}${path.delimiter}${process.env["PATH"] ?? ""}`,
      PULUMI_HOME: path.join(this.root, "home"),
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      NO_COLOR: "1",
    };
    this.git("init", "--quiet", "--initial-branch=main");
    this.git("add", "--all");
    this.git("-c", "user.name=test", "-c", "user.email=test@example.test", "commit", "--quiet", "-m", "engine test");
  }

  /** Runs git in the copy. @throws on failure. */
  git(...args: string[]): string {
    const result = spawnSync("git", args, { cwd: this.dir, encoding: "utf8", env: this.env });
    if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
    return result.stdout.trim();
  }

  /** Runs the pulumi CLI in the copy (never through a shell), bounded by a timeout. */
  pulumi(args: readonly string[], timeoutMs = 600_000): ToolResult {
    const result = spawnSync("pulumi", [...args, "--non-interactive"], {
      cwd: this.dir,
      env: this.env,
      encoding: "utf8",
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.error) throw result.error;
    const transcript = [`$ pulumi ${args.join(" ")}`, result.stdout, result.stderr].filter(Boolean).join("\n");
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, transcript };
  }

  /** Like `pulumi`, but throws with the transcript unless it succeeds. */
  mustPulumi(args: readonly string[], timeoutMs?: number): string {
    const result = this.pulumi(args, timeoutMs);
    if (result.status !== 0) throw new Error(result.transcript.slice(-8000));
    return result.stdout;
  }

  /** Where a stack's Kubernetes provider writes its manifests. */
  renderDir(stack: StackName): string {
    return path.join(this.root, "rendered", stack);
  }

  /**
   * Creates a stack from its committed file: the secrets it requires set to
   * test values (the generated ones are left to the stack), and the
   * Kubernetes provider rendering YAML instead of talking to a cluster.
   * @returns the secret values set, to look for in the state.
   */
  initStack(stack: StackName): string[] {
    this.mustPulumi(["stack", "init", stack]);
    const settings = stackSettings(stack);
    const values = testSecretValues(settings);
    const set: string[] = [];
    for (const ref of secretReferences(settings)) {
      if (ref.whenAbsent !== "required") continue;
      const value = values[ref.key];
      this.mustPulumi(["config", "set", "--secret", "--stack", stack, `observability:${ref.key}`, value]);
      set.push(value);
    }
    this.mustPulumi(["config", "set", "--stack", stack, "kubernetes:renderYamlToDirectory", this.renderDir(stack)]);
    return set;
  }

  /** The file backend's checkpoint of a stack, as stored on disk. */
  stateFile(stack: string): string {
    const found = fs
      .readdirSync(this.stateDir, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(`${path.sep}${stack}.json`) && file.includes(`${path.sep}stacks${path.sep}`));
    if (found.length !== 1)
      throw new Error(`no single checkpoint of ${stack} in ${this.stateDir}: ${found.join(", ")}`);
    return fs.readFileSync(path.join(this.stateDir, found[0]), "utf8");
  }
}
