import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stackChangeSummary, summaryMarkdown, type RenderedTree } from "../../model/review/summary";
import { renderStack } from "../../model/stack/render";
import { rawConfigFromStackFile } from "../../settings/fromStackFile";
import { alertingWithTeamRoute, inventoryService } from "../helpers/howToService";
import type { ResolvedSettings } from "../../settings/validate";
import { settingsWith, stackSettings } from "../../scripts/underMocks/stacks";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";
import { runBinary } from "../helpers/upstream";

// The pull request of docs/how-to/add-a-service-with-an-slo.md (one service
// with its SLOs, one receiver, one route in Pulumi.prod.yaml), summarised
// from the renders before and after it, as the preview workflow posts it.

const repositoryRoot = path.resolve(__dirname, "..", "..");

function rendered(settings: ResolvedSettings): Map<string, string> {
  return new Map(renderStack(settings).map((file) => [file.path, file.content]));
}

function withInventory(): ResolvedSettings {
  const committed = rawConfigFromStackFile("prod").values as Record<string, unknown>;
  return settingsWith("prod", {
    services: [...(committed["services"] as unknown[]), inventoryService],
    alerting: alertingWithTeamRoute(),
  });
}

const base = rendered(stackSettings("prod"));
const head = rendered(withInventory());

describe("the summary of one stack's change", () => {
  const sections = stackChangeSummary(base, head);
  const markdown = summaryMarkdown([{ stack: "prod", sections }], 60_000);
  const section = (title: string): readonly string[] =>
    sections.find((each) => each.title.startsWith(title))?.lines ?? [];

  it("names the job, the SLOs, the receiver, the route and the dashboard of the how-to's change, under 100 lines", () => {
    expect(section("Scrape jobs")).toEqual(["+ `inventory-api`"]);
    expect(section("SLOs")).toEqual([
      "+ `inventory-api-availability`: 99.5% over 30 days",
      "+ `inventory-api-latency`: 99% over 7 days",
    ]);
    expect(section("Receivers")).toEqual(["+ inventory-slack (slack)"]);
    expect(section("Routes")).toContain('+ 2. `service="inventory-api"` → inventory-slack');
    expect(section("Alerts")).toEqual([
      "+ InventoryApiAvailabilityBudgetBurn (critical)",
      "+ InventoryApiAvailabilityBudgetBurn (warning)",
      "+ InventoryApiLatencyBudgetBurn (critical)",
      "+ InventoryApiLatencyBudgetBurn (warning)",
    ]);
    expect(section("Where alerts go")).toContain(
      "+ InventoryApiAvailabilityBudgetBurn service=inventory-api severity=critical sloth_severity=page team=inventory → pager, inventory-slack",
    );
    expect(section("Dashboards")).toEqual(['+ `slo-inventory-api` "SLOs: inventory-api" (14 panels)']);
    expect(markdown.split("\n").length).toBeLessThan(100);
    console.log(`summary of the how-to's change: ${markdown.split("\n").length} lines, ${markdown.length} characters`);
  });

  it("says which threshold and `for` of an alert changed, and a dashboard's panels", () => {
    const red = "prometheus/etc/prometheus/rules/red-red.rules.yml";
    const tuned = new Map(head);
    tuned.set(
      red,
      (head.get(red) ?? "").replace(
        "expr: service:http_request_errors:ratio_rate5m > 0.05\n        for: 2m",
        "expr: service:http_request_errors:ratio_rate5m > 0.1\n        for: 5m",
      ),
    );
    const overview = [...tuned.keys()].find((file) => file.endsWith("stack-overview.json")) ?? "";
    const dashboard = JSON.parse(tuned.get(overview) ?? "{}") as { panels: { title: string }[] };
    const firstPanel = dashboard.panels.findIndex((panel) => (panel as { type?: string }).type !== "row");
    dashboard.panels = dashboard.panels.filter((_, index) => index !== firstPanel);
    tuned.set(overview, JSON.stringify(dashboard));
    const lines = stackChangeSummary(head, tuned).flatMap((each) => each.lines);
    expect(lines).toContain("~ ServiceErrorRateHigh (critical): threshold 0.05 → 0.1; for 2m → 5m");
    expect(lines.find((line) => line.startsWith("~ `stack-overview`"))).toMatch(
      /^~ `stack-overview`: panels removed: /,
    );
  });

  it("reports no change between two renders of the same stack", () => {
    expect(stackChangeSummary(base, rendered(stackSettings("prod")))).toEqual([]);
  });

  it("stays within its limit and counts what it cut", () => {
    const small = summaryMarkdown([{ stack: "prod", sections: stackChangeSummary(new Map(), head) }], 2_000);
    expect(small.length).toBeLessThanOrEqual(2_000);
    expect(small).toMatch(/… \d+ more not shown/);
    expect(small).toMatch(/\(\d+ changes left out to stay within 2000 characters; run npm run render locally\)/);
  });
});

describe("npm run render:summary", () => {
  let root: string;
  const write = (dir: string, tree: RenderedTree) => {
    for (const [file, content] of tree) {
      const target = path.join(dir, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  };
  beforeAll(() => {
    root = makeTempDir("render-summary");
    write(path.join(root, "base", "prod"), base);
    write(path.join(root, "head", "prod"), head);
    write(path.join(root, "head", "qa"), base);
  });
  afterAll(() => removeTempDir(root));

  it("prints each stack's summary as Markdown, a stack the base lacks as new", () => {
    const tsx = path.join(repositoryRoot, "node_modules", ".bin", "tsx");
    const result = runBinary(
      tsx,
      ["scripts/render-summary.ts", path.join(root, "base"), path.join(root, "head")],
      repositoryRoot,
      60_000,
    );
    expect(result.status, result.transcript).toBe(0);
    expect(result.stdout).toContain("#### prod\n");
    expect(result.stdout).toContain("- + inventory-slack (slack)");
    expect(result.stdout).toContain("#### qa\nThe base has no render of this stack: everything below is new.");
  });

  it("refuses a bad limit with its usage line (exit 2)", () => {
    const tsx = path.join(repositoryRoot, "node_modules", ".bin", "tsx");
    const result = runBinary(tsx, ["scripts/render-summary.ts", "a", "b", "--limit", "ten"], repositoryRoot);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("--limit needs a whole number of characters, at least 1000");
    expect(result.stderr).toContain("usage: npm run render:summary -- <base-dir> <head-dir> [--limit <characters>]");
  });
});
