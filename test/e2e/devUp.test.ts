import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { docker, dockerOk, eventually, liveDockerEngine } from "../helpers/dockerStack";
import { copyProjectFile } from "../../scripts/engineProject";
import { stackSettings } from "../../scripts/underMocks/stacks";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";
import { httpRequest } from "./httpsClient";

// `npm run dev` as the README says, on a copy of the repository: the
// committed dev stack file, the default ports and names, a home folder of
// its own (so the local state folder and generated passphrase are the
// test's). The engine, Docker and the images are already here (npm test
// made them), so the script finds them rather than building them.
const engine = liveDockerEngine();
const minutes = 60_000;
const repositoryRoot = path.resolve(__dirname, "..", "..");
const settings = stackSettings("dev");

/** Whether a port on 127.0.0.1 is free to publish on. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Why `npm run dev` cannot run here now (a dev stack of the machine's own is up), or undefined. */
async function occupied(): Promise<string | undefined> {
  const containers = docker(["ps", "-a", "--filter", "name=^obs-dev-", "--format", "{{.Names}}"]).stdout.trim();
  if (containers !== "") return `containers of another dev stack exist: ${containers.replaceAll("\n", ", ")}`;
  for (const port of Object.values(settings.docker.ports)) if (!(await portFree(port))) return `port ${port} is in use`;
  return undefined;
}

describe.runIf(engine !== undefined)("npm run dev", () => {
  const root = makeTempDir("dev-up");
  const copy = path.join(root, "repo");
  const home = path.join(root, "home");
  let env: NodeJS.ProcessEnv = {};

  /** `pulumi destroy` of the dev stack with the CLI, state and passphrase `npm run dev` used. */
  function destroy(): ReturnType<typeof spawnSync> {
    return spawnSync("pulumi", ["destroy", "--stack", "dev", "--yes", "--skip-preview"], {
      cwd: copy,
      env: { ...env, PULUMI_CONFIG_PASSPHRASE_FILE: path.join(home, ".pulumi-state", "dev-passphrase") },
      encoding: "utf8",
      timeout: 5 * minutes,
    });
  }

  afterAll(() => {
    // Whatever a failed test left running goes too.
    if (fs.existsSync(path.join(home, ".pulumi-state", "dev-passphrase"))) destroy();
    removeTempDir(root);
  }, 6 * minutes);

  it(
    "deploys the committed dev stack with every container healthy and every URL answering on 127.0.0.1, and destroys it",
    async (context) => {
      const reason = await occupied();
      if (reason !== undefined) {
        context.skip(`npm run dev cannot run beside what is here: ${reason}`);
        return;
      }
      fs.mkdirSync(home);
      // The repository as a clone has it, beside ../shared as CI lays it out.
      const files = spawnSync("git", ["ls-files", "-z"], { cwd: repositoryRoot, encoding: "utf8" }).stdout.split("\0");
      for (const file of files.filter((entry) => entry !== "")) {
        // Timestamps kept: a package-lock.json newer than node_modules would make the script reinstall.
        copyProjectFile(path.join(repositoryRoot, file), path.join(copy, file), { preserveTimestamps: true });
      }
      fs.symlinkSync(path.join(repositoryRoot, "node_modules"), path.join(copy, "node_modules"), "dir");
      fs.symlinkSync(path.resolve(repositoryRoot, "..", "shared"), path.join(root, "shared"), "dir");
      env = {
        ...process.env,
        HOME: home,
        // The engine, the images and the Docker engine's state stay in the machine's cache.
        XDG_CACHE_HOME: process.env["XDG_CACHE_HOME"] ?? path.join(process.env["HOME"] ?? "/root", ".cache"),
        PATH: `${engine?.bin ?? ""}${path.delimiter}${process.env["PATH"] ?? ""}`,
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        NO_COLOR: "1",
      };
      delete env["PULUMI_CONFIG_PASSPHRASE"];
      delete env["PULUMI_BACKEND_URL"];
      // The CLI keeps its login under PULUMI_HOME, by default in the account's home (not $HOME).
      env["PULUMI_HOME"] = path.join(home, ".pulumi");
      const run = spawnSync("npm", ["run", "dev", "--silent"], {
        cwd: copy,
        env,
        encoding: "utf8",
        timeout: 10 * minutes,
        stdio: ["ignore", "pipe", "pipe"],
      });
      const output = `${run.stdout}${run.stderr}`;
      expect(run.status, output.slice(-4000)).toBe(0);
      // What the README promises it prints.
      expect(run.stdout).toContain(`Grafana:      http://127.0.0.1:${settings.docker.ports.grafana}/  user: admin`);
      expect(run.stdout).toContain("pulumi stack output grafanaAdminPassword --show-secrets --stack dev");
      // The local state folder and its generated passphrase, readable by the user only.
      const passphrase = path.join(home, ".pulumi-state", "dev-passphrase");
      expect(fs.statSync(passphrase).mode & 0o077).toBe(0);

      await eventually(
        () => {
          const states = dockerOk([
            "ps",
            "-a",
            "--filter",
            "name=^obs-dev-",
            "--format",
            "{{.Names}} {{.State}} {{.Status}}",
          ]).split("\n");
          // Seven services, and the one-shot writers of Prometheus's files and Grafana's dashboards, done.
          expect(states.length).toBe(9);
          for (const line of states) {
            if (/^obs-dev-(prometheus|grafana)-files /.test(line)) expect(line).toMatch(/ exited Exited \(0\)/);
            else expect(line).toMatch(/ running .*\(healthy\)$/);
          }
        },
        3 * minutes,
        2_000,
      );
      const ports = settings.docker.ports;
      for (const [url, expected] of [
        [`http://127.0.0.1:${ports.prometheus}/-/ready`, 200],
        [`http://127.0.0.1:${ports.alertmanager}/-/ready`, 200],
        [`http://127.0.0.1:${ports.grafana}/api/health`, 200],
        [`http://127.0.0.1:${ports.jaeger}/api/services`, 200],
      ] as const) {
        expect((await httpRequest(url)).status, url).toBe(expected);
      }

      // What the README says removes it all.
      const destroyed = destroy();
      expect(destroyed.status, `${String(destroyed.stdout)}${String(destroyed.stderr)}`.slice(-3000)).toBe(0);
      expect(dockerOk(["ps", "-a", "--filter", "name=^obs-dev-", "--format", "{{.Names}}"])).toBe("");
    },
    15 * minutes,
  );
});
