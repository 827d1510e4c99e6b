import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The layers hold by lint (eslint.config.mjs, docs/architecture.md): a file
 * that imports a later layer fails `npm run lint`. Each case lints a real
 * file of the layer with one import added.
 */
const eslint = new ESLint();

async function restrictedImports(filePath: string, importPath: string): Promise<string[]> {
  const code = `import * as later from "${importPath}";\nexport const probe = later;\n`;
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === "no-restricted-imports").map((m) => m.message);
}

const wrongWay: [string, string][] = [
  ["settings/durations.ts", "../model/addresses"],
  ["settings/durations.ts", "../components/prometheus"],
  ["model/addresses.ts", "../platform/types"],
  ["model/packs/catalog.ts", "../../components/prometheus"],
  ["platform/docker/quantities.ts", "../../components/prometheus"],
  ["components/prometheus.ts", "../program"],
  ["model/addresses.ts", "../test/helpers/stacks"],
  ["scripts/bench.ts", "../test/helpers/upstream"],
];

const rightWay: [string, string][] = [
  ["model/addresses.ts", "../settings/schema"],
  ["platform/docker/quantities.ts", "../../model/addresses"],
  ["components/prometheus.ts", "../platform/types"],
  ["scripts/bench.ts", "./underMocks/programUnderMocks"],
];

describe("the layers, held by lint", () => {
  it.each(wrongWay)("%s may not import %s", async (file, target) => {
    const messages = await restrictedImports(file, target);
    expect(messages.join("\n")).toMatch(/may not import \w+\/: it is a later layer/);
  });

  it.each(rightWay)("%s may import %s", async (file, target) => {
    expect(await restrictedImports(file, target)).toEqual([]);
  });
});

describe("the target, asked in one model file", () => {
  async function restrictedSyntax(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? [])
      .filter((message) => message.ruleId === "no-restricted-syntax")
      .map((m) => m.message);
  }
  const comparison = 'export const onDocker = (settings: { target: string }) => settings.target === "docker";\n';

  it("a model file may not compare the target: it reads a trait", async () => {
    expect((await restrictedSyntax("model/addresses.ts", comparison)).join("\n")).toMatch(/model\/targetTraits\.ts/);
    expect(
      (await restrictedSyntax("model/prometheus/nodeJobs.ts", comparison.replace("docker", "kubernetes"))).join("\n"),
    ).toMatch(/targetTraits/);
  });

  it("model/targetTraits.ts and the platforms may", async () => {
    expect(await restrictedSyntax("model/targetTraits.ts", comparison)).toEqual([]);
    expect(await restrictedSyntax("platform/load.ts", comparison)).toEqual([]);
  });
});
