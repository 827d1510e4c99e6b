import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { parseDocument, stringify } from "yaml";
import { runProgram } from "../program";
import { secretReferences } from "../settings/secretRefs";
import { mergeOverProfile } from "../settings/validate";
import { stackSettings, testSecretValues, type StackName } from "./underMocks/stacks";

/**
 * A copy of the project run by the real Pulumi engine, with a local file
 * backend: what the engine and live tests deploy, and what `npm run bench`
 * times (scripts/benchEngine.ts).
 */

const repositoryRoot = path.resolve(__dirname, "..");

/**
 * The Pulumi engine the engine tests run on, built by `scripts/engine`:
 * - `project`: the full engine (PULUMI_ENGINE_BIN: CLI, Node.js language
 *   host, kubernetes/docker/random/tls providers; what `npm test` uses); the
 *   CLI runs the project's program the way `pulumi up` does, on the committed
 *   stack files as they are.
 * - `inline`: the CLI and the kubernetes provider only (PULUMI_INLINE_ENGINE_BIN,
 *   `scripts/engine --inline`, for a machine without ../shared/third-party);
 *   the Automation API runs the same program, `runProgram`, in this process,
 *   on the committed stack files with every secret set and TLS from
 *   cert-manager, so that neither the random nor the tls provider is loaded.
 */
export interface EngineUnderTest {
  /** Folder holding `pulumi` and the providers, put first on PATH. */
  readonly bin: string;
  /** How the program runs (see above). */
  readonly program: "project" | "inline";
}

/** What a project copy is made of: the program and what it reads at run time. */
const projectEntries = [
  "Pulumi.yaml",
  "Pulumi.dev.yaml",
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
  "rules",
  "slos",
  "scripts",
];

/** The settings every inline-engine stack gets on top of its stack file (see EngineUnderTest). */
const inlineTls = { "tls.mode": "certManager", "tls.issuer.name": "observability-ca" } as const;

/** Options of `EngineProject.initStack`. */
export interface InitOptions {
  /** Deploy to the cluster of this kubeconfig file instead of rendering manifests. */
  readonly kubeconfig?: string;
}

/** The keys with which a stack file binds its secrets to one backend's secrets provider. */
const secretsProviderKeys = ["encryptionsalt", "secretsprovider", "encryptedkey"] as const;

/**
 * A stack file as a copy of the project needs it: without the secrets
 * provider binding that `pulumi stack init` or `npm run dev` wrote into the
 * working tree (a passphrase salt of the developer's own backend). The copy
 * makes its stacks in a backend of its own, with its own passphrase, which
 * that salt would refuse ("incorrect passphrase"). Comments are kept.
 */
export function stackFileForCopy(text: string): string {
  const document = parseDocument(text);
  const bound = secretsProviderKeys.filter((key) => document.has(key));
  if (bound.length === 0) return text;
  for (const key of bound) document.delete(key);
  return document.toString();
}

/** Copies a repository file into a project copy; stack files lose their secrets provider binding. */
export function copyProjectFile(from: string, to: string, options: fs.CopySyncOptions = {}): void {
  fs.cpSync(from, to, { recursive: true, ...options });
  // `Pulumi.<stack>.yaml`; the pattern leaves out the project's own `Pulumi.yaml`.
  if (/^Pulumi\.[^.]+\.yaml$/.test(path.basename(to))) {
    fs.writeFileSync(to, stackFileForCopy(fs.readFileSync(to, "utf8")));
  }
}

/**
 * A copy of the project in a temp folder (the caller removes `root`), in a
 * Git work tree of its own,
 * with a local file backend, a test passphrase and no network: what preview
 * and up need to run for real, with the Kubernetes provider writing
 * manifests to a folder instead of a cluster. The environment goes into this
 * process's own (vitest runs each test file in a process of its own), where
 * both the Automation API's CLI runs and an inline program read it.
 */
export class EngineProject {
  readonly root: string;
  readonly dir: string;
  readonly stateDir: string;
  /**
   * The engine's environment for this copy. It goes into this process's own
   * (an inline program reads it there) and into each workspace's, so that
   * two copies in one process keep their own backends.
   */
  readonly env: Readonly<Record<string, string>>;

  constructor(readonly engine: EngineUnderTest) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), "engine-"));
    this.dir = path.join(this.root, "project");
    this.stateDir = path.join(this.root, "state");
    fs.mkdirSync(this.dir);
    fs.mkdirSync(this.stateDir);
    for (const entry of projectEntries) {
      copyProjectFile(path.join(repositoryRoot, entry), path.join(this.dir, entry));
    }
    fs.symlinkSync(path.join(repositoryRoot, "node_modules"), path.join(this.dir, "node_modules"), "dir");
    this.env = {
      PATH: `${engine.bin}${path.delimiter}${process.env["PATH"] ?? ""}`,
      PULUMI_HOME: path.join(this.root, "home"),
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_CONFIG_PASSPHRASE: "engine-test-passphrase",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      NO_COLOR: "1",
    };
    Object.assign(process.env, this.env);
    this.commit("engine test");
  }

  /** Runs git in the copy. @throws on failure. */
  git(...args: string[]): string {
    const result = spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.test", ...args], {
      cwd: this.dir,
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
    return result.stdout.trim();
  }

  /** Commits everything in the copy (a Git work tree is made on first use). */
  commit(message: string): string {
    if (!fs.existsSync(path.join(this.dir, ".git"))) this.git("init", "--quiet", "--initial-branch=main");
    this.git("add", "--all");
    this.git("commit", "--quiet", "--allow-empty", "-m", message);
    return this.git("rev-parse", "HEAD");
  }

  /** The copy's `Pulumi.<stack>.yaml`. */
  stackFile(stack: StackName): string {
    return path.join(this.dir, `Pulumi.${stack}.yaml`);
  }

  /** Sets one `observability:<key>` in the copy's stack file, keeping its comments (as a person edits it). */
  setInStackFile(stack: StackName, key: string, value: unknown): void {
    const document = parseDocument(fs.readFileSync(this.stackFile(stack), "utf8"));
    document.setIn(["config", `observability:${key}`], document.createNode(value));
    fs.writeFileSync(this.stackFile(stack), document.toString());
  }

  /**
   * Merges `changes` into one `observability:<key>` of the copy's stack file
   * (objects key by key, lists replaced, as profiles merge), keeping its comments.
   */
  mergeInStackFile(stack: StackName, key: string, changes: Record<string, unknown>): void {
    const document = parseDocument(fs.readFileSync(this.stackFile(stack), "utf8"));
    const file = document.toJS() as { config?: Record<string, unknown> } | null;
    const current = file?.config?.[`observability:${key}`];
    this.setInStackFile(stack, key, mergeOverProfile(current ?? {}, changes));
  }

  /**
   * Sets the `for` of the first rule of the copy's `rules/stack/stack.rules.yml`
   * (TargetDown), keeping the file's comments: a rule threshold edited as a
   * person edits it.
   */
  setStackRuleFor(duration: string): void {
    const file = path.join(this.dir, "rules", "stack", "stack.rules.yml");
    const rules = parseDocument(fs.readFileSync(file, "utf8"));
    rules.setIn(["groups", 0, "rules", 0, "for"], duration);
    fs.writeFileSync(file, rules.toString());
  }

  /**
   * Writes `services` as a service file of the copy (`services/<name>.yaml`)
   * and names it in the stack file's `serviceFiles`: how a platform team
   * lists more services than a stack file holds.
   */
  addServiceFile(stack: StackName, name: string, services: readonly unknown[]): void {
    const relative = `services/${name}.yaml`;
    fs.mkdirSync(path.join(this.dir, "services"), { recursive: true });
    fs.writeFileSync(path.join(this.dir, relative), stringify(services));
    this.setInStackFile(stack, "serviceFiles", [relative]);
  }

  /** A stack of the copy, running the project's program the engine's way. */
  async stack(stack: StackName): Promise<Stack> {
    return this.engine.program === "inline"
      ? LocalWorkspace.createOrSelectStack(
          { stackName: stack, projectName: "observability", program: runProgram },
          { workDir: this.dir, envVars: { ...this.env } },
        )
      : LocalWorkspace.createOrSelectStack({ stackName: stack, workDir: this.dir }, { envVars: { ...this.env } });
  }

  /** Where a stack's Kubernetes provider writes its manifests. */
  renderDir(stack: StackName): string {
    return path.join(this.root, "rendered", stack);
  }

  /**
   * Creates a stack from its committed file: the secrets it requires set to
   * test values (the generated ones too, and TLS from cert-manager, on the
   * inline engine), and the Kubernetes provider rendering YAML instead of
   * talking to a cluster, or talking to the cluster `options.kubeconfig` names.
   * @returns the stack and the secret values set, to look for in the state.
   */
  async initStack(name: StackName, options: InitOptions = {}): Promise<{ stack: Stack; secrets: string[] }> {
    const stack = await this.stack(name);
    const settings = stackSettings(name);
    const values = testSecretValues(settings);
    const secrets: string[] = [];
    for (const ref of secretReferences(settings)) {
      if (ref.whenAbsent !== "required" && this.engine.program !== "inline") continue;
      const value = values[ref.key] ?? "";
      await stack.setConfig(`observability:${ref.key}`, { value, secret: true });
      secrets.push(value);
    }
    if (this.engine.program === "inline") {
      for (const [key, value] of Object.entries(inlineTls))
        await stack.setConfig(`observability:${key}`, { value }, true);
    }
    if (options.kubeconfig !== undefined) await stack.setConfig("kubernetes:kubeconfig", { value: options.kubeconfig });
    else await stack.setConfig("kubernetes:renderYamlToDirectory", { value: this.renderDir(name) });
    return { stack, secrets };
  }

  /** The file backend's checkpoint of a stack, as stored on disk. */
  stateFile(stack: string): string {
    const found = fs
      .readdirSync(this.stateDir, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(`${path.sep}${stack}.json`) && file.includes(`stacks${path.sep}`));
    if (found.length !== 1)
      throw new Error(`no single checkpoint of ${stack} in ${this.stateDir}: ${found.join(", ")}`);
    return fs.readFileSync(path.join(this.stateDir, found[0] ?? ""), "utf8");
  }
}
