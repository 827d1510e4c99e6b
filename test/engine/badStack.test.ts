import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SettingsError } from "../../settings/errors";
import { rawConfigFromStackFile } from "../../settings/fromStackFile";
import { checkStack } from "../../model/stack/settings";
import { engineUnderTest, EngineProject } from "../helpers/engine";
import { removeTempDir } from "../helpers/tempFiles";

// What a user sees when `pulumi preview` and `pulumi up` meet a stack file
// with mistakes: the real CLI launching index.ts through the Node.js
// language host (the full engine only: the inline engine has no language host).
const engine = engineUnderTest();
const minutes = 60_000;

describe.runIf(engine?.program === "project")("a stack file with mistakes on the real CLI", () => {
  let project: EngineProject;
  let expected: string;

  /** `pulumi <args>` in the project copy, as a person runs it: no colour, no prompt. */
  const pulumi = (...args: string[]) => {
    const result = spawnSync(
      path.join(engine?.bin ?? "", "pulumi"),
      [...args, "--stack", "prod", "--non-interactive"],
      {
        cwd: project.dir,
        env: { ...process.env, ...project.env },
        encoding: "utf8",
        timeout: 5 * minutes,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
  };

  beforeAll(async () => {
    if (engine === undefined) return;
    project = new EngineProject(engine);
    await project.stack("prod");
    // Three mistakes of different kinds, and none of prod's required secrets set.
    project.setInStackFile("prod", "prometheus", { replicas: 0 });
    project.setInStackFile("prod", "alertng", { receivers: [] });
    project.setInStackFile("prod", "target", "kubernets");
    expected = new SettingsError("prod", checkStack(rawConfigFromStackFile("prod", project.dir)).problems).message;
  }, 5 * minutes);

  afterAll(() => {
    if (project !== undefined) removeTempDir(project.root);
  });

  /** The readable list, line by line, in the CLI's output (which indents each line of a diagnostic). */
  function expectReadableList(output: string): void {
    // The Diagnostics section, where the CLI gathers what the program reported.
    const lines = output
      .slice(output.indexOf("Diagnostics:"))
      .split("\n")
      .map((line) => line.trim());
    const header = lines.indexOf(`error: ${expected.split("\n")[0] ?? "?"}`);
    expect(header, output).toBeGreaterThanOrEqual(0);
    expect(lines.slice(header + 1, header + expected.split("\n").length)).toEqual(
      expected
        .split("\n")
        .slice(1)
        .map((line) => line.trim()),
    );
    expect(output).not.toContain("unhandled exception");
    expect(output).not.toContain("PromiseRejectionHandledWarning");
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain("\u001b[");
  }

  it("pins what the list says", () => {
    expect(expected.split("\n")[0]).toMatch(/^stack 'prod' has \d+ config problems; nothing was created:$/);
    expect(expected).toContain("  - observability:prometheus.replicas: must be at least 1 (got 0)");
    expect(expected).toContain(
      "  - observability:target: must be one of docker, kubernetes (did you mean 'kubernetes'?) (got \"kubernets\")",
    );
    expect(expected).toContain("  - observability:alertng: unknown config key (did you mean 'alerting'?)");
    expect(expected).toContain("is a required secret");
  });

  it(
    "pulumi preview prints the readable list and nothing else of the program",
    () => {
      const preview = pulumi("preview");
      expect(preview.status).not.toBe(0);
      expectReadableList(preview.output);
    },
    5 * minutes,
  );

  it(
    "pulumi up prints the same list and creates nothing",
    () => {
      const up = pulumi("up", "--yes");
      expect(up.status).not.toBe(0);
      expectReadableList(up.output);
      const exported = pulumi("stack", "export");
      const state = JSON.parse(exported.output.split("\n\n")[0] ?? "{}") as {
        deployment?: { resources?: { type: string }[] };
      };
      const created = (state.deployment?.resources ?? []).map((resource) => resource.type);
      expect(created.filter((type) => type !== "pulumi:pulumi:Stack")).toEqual([]);
    },
    5 * minutes,
  );
});

describe.runIf(engine !== undefined)("a stack that turns mutable ConfigMaps off", () => {
  let project: EngineProject;

  afterAll(() => {
    if (project !== undefined) removeTempDir(project.root);
  });

  it(
    "is refused before anything is created, naming the key and why it stays on",
    async () => {
      project = new EngineProject(engine!);
      const { stack } = await project.initStack("prod");
      await stack.setConfig("kubernetes:enableConfigMapMutable", { value: "false" });
      const refused = await stack.preview().then(
        () => "",
        (error: unknown) => String(error),
      );
      expect(refused).toContain(
        "kubernetes:enableConfigMapMutable: must stay true, as Pulumi.yaml sets it for every stack",
      );
      expect(refused).toContain('(got "false")');
      const state = await stack.exportStack();
      expect((state.deployment as { resources?: unknown[] }).resources ?? []).toEqual([]);
    },
    5 * minutes,
  );
});
