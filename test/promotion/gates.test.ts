import { describe, expect, it } from "vitest";
import { configMoves, lastUpdateProblems, type UpdateRecord } from "../../scripts/promotion/gates";

const commit = "0123456789abcdef0123456789abcdef01234567";
const update = (result: string, head?: string): UpdateRecord => ({
  kind: "update",
  result,
  environment: head === undefined ? {} : { "git.head": head },
});

describe("last-update gate", () => {
  it("passes when the source's last update succeeded on the promoted commit", () => {
    expect(lastUpdateProblems("staging", [update("succeeded", commit)], commit)).toEqual([]);
  });

  it("reads the last update, not a later preview or refresh", () => {
    const refresh: UpdateRecord = { kind: "refresh", result: "failed", environment: {} };
    expect(lastUpdateProblems("staging", [refresh, update("succeeded", commit)], commit)).toEqual([]);
  });

  it("names a failed update, another commit, a missing commit and a stack never updated", () => {
    expect(lastUpdateProblems("staging", [update("failed", commit)], commit)).toEqual([
      "the last update of staging failed; fix it and run pulumi up on staging",
    ]);
    expect(lastUpdateProblems("staging", [update("succeeded", "fedcba9876543210")], commit)).toEqual([
      "the last update of staging ran commit fedcba987654, not 0123456789ab being promoted; update staging to this commit first",
    ]);
    expect(lastUpdateProblems("staging", [update("succeeded")], commit)).toEqual([
      "the last update of staging records no Git commit (it ran outside a Git work tree)",
    ]);
    expect(lastUpdateProblems("staging", [], commit)).toEqual([
      "stack staging has never been updated; run pulumi up on it first",
    ]);
  });
});

describe("what the promotion moves from source to target", () => {
  const config = (versions?: unknown, packs?: unknown) => ({
    ...(versions === undefined ? {} : { "observability:versions": { value: JSON.stringify(versions) } }),
    ...(packs === undefined ? {} : { "observability:packs": { value: JSON.stringify(packs) } }),
    "observability:environment": { value: "x" },
  });

  it("moves nothing when images and packs match (pack entries may differ in receivers)", () => {
    const source = config({ grafana: "grafana/grafana:12.1.0" }, ["red", { name: "hitl", receivers: { pager: "a" } }]);
    const target = config({ grafana: "grafana/grafana:12.1.0" }, [{ name: "hitl", receivers: { pager: "b" } }, "red"]);
    expect(configMoves(source, target)).toEqual([]);
  });

  it("copies the source's image pins", () => {
    const moves = configMoves(config({ grafana: "grafana/grafana:12.2.0" }), config());
    expect(moves).toEqual([
      {
        key: "observability:versions",
        summary: 'image pins {} → {"grafana":"grafana/grafana:12.2.0"}',
        value: { grafana: "grafana/grafana:12.2.0" },
      },
    ]);
  });

  it("takes the source's pack set but keeps the target's own entry of a pack both run", () => {
    const source = config(undefined, ["red", { name: "maestro", receivers: { pager: "staging-pager" } }, "hitl"]);
    const target = config(undefined, [
      { name: "red" },
      { name: "maestro", receivers: { pager: "prod-pager" } },
      "opsconductor",
    ]);
    expect(configMoves(source, target)).toEqual([
      {
        key: "observability:packs",
        summary: "packs +hitl -opsconductor",
        value: [{ name: "red" }, { name: "maestro", receivers: { pager: "prod-pager" } }, "hitl"],
      },
    ]);
  });
});
