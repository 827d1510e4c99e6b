import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { ZodLike } from "../../settings/messages";
import { configReference } from "../../settings/reference";
import { stackSettingsSchema } from "../../settings/schema";
import { schemaNodes } from "../../settings/schemaTree";

const committed = fs.readFileSync(path.resolve(__dirname, "../../docs/config.md"), "utf8");

describe("the configuration reference (docs/config.md)", () => {
  it("is what the schema and the profiles write today (run npm run docs:config after changing them)", () => {
    expect(committed).toBe(configReference());
  });

  it("has a row for every key of the stack file", () => {
    const keys = schemaNodes(stackSettingsSchema as unknown as ZodLike)
      .filter((node) => node.parent !== undefined)
      .map((node) => `\`${node.path.replace(/\[0\]/g, "[]")}\``);
    const missing = [...new Set(keys)].filter((key) => !committed.includes(`| ${key}`));
    expect(missing).toEqual([]);
  });

  it("marks the keys that name secrets, and gives prod's defaults", () => {
    expect(committed).toMatch(/\| `grafana\.adminPasswordSecret` \|[^\n]*the name of a secret config key/);
    expect(committed).toMatch(/\| `prometheus\.retention\.time` \|[^\n]*prod: `30d`/);
  });
});
