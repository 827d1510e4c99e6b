import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { SettingsError } from "../../settings/errors";
import { settingsFromEngine } from "../../settings/fromEngine";
import { engineConfigFor } from "../../scripts/underMocks/programUnderMocks";

// The settings as the program reads them from the engine: the config the
// engine hands over (here set as the engine would, under Pulumi's mocks).
describe("settings read from the engine", () => {
  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args: pulumi.runtime.MockResourceArgs) => ({
          id: `${args.name}-id`,
          state: args.inputs as Record<string, unknown>,
        }),
        call: () => {
          throw new Error("no call expected");
        },
      },
      "observability",
      "prod",
    );
  });

  function withConfig(extra: Record<string, string>): void {
    const { config, secretKeys } = engineConfigFor("prod");
    pulumi.runtime.setAllConfig({ ...config, ...extra }, secretKeys);
  }

  it("read the committed prod stack with the mutable-ConfigMap switch on", () => {
    withConfig({ "kubernetes:enableConfigMapMutable": "true" });
    expect(settingsFromEngine().settings.target).toBe("kubernetes");
  });

  it("list the switch turned off with the stack file's other problems, in one pass", () => {
    withConfig({ "kubernetes:enableConfigMapMutable": "false", "observability:alertng": "{}" });
    let problems: string[] = [];
    try {
      settingsFromEngine();
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      problems = error.problems.map((problem) => problem.path);
    }
    expect(problems).toEqual(expect.arrayContaining(["observability:alertng", "kubernetes:enableConfigMapMutable"]));
  });
});
