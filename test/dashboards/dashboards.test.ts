import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { DashboardBuilderFn, DashboardContext } from "../../model/dashboards";
import { grafanaDatasources } from "../../model/grafana";
import { packDashboards } from "../../model/grafana/dashboards";
import { dashboardContexts } from "../../model/stack/usage";
import { packCatalog, rulesRoot } from "../../model/packs";
import { stackSettings } from "../../scripts/underMocks/stacks";

interface Target {
  refId?: string;
  expr?: string;
  exemplar?: boolean;
  datasource?: { type?: string; uid?: string };
}

interface Panel {
  id?: number;
  type: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  gridPos?: { x: number; y: number; w: number; h: number };
}

interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating?: { list: { name: string; datasource?: { uid?: string }; query?: unknown }[] };
}

const contexts = dashboardContexts;
/** Every dashboard of every pack, generated SLO dashboards included, by uid (uniqueness: test/packs). */
const dashboardBuilders: Record<string, DashboardBuilderFn> = Object.fromEntries(
  packCatalog.flatMap((pack) =>
    packDashboards(pack).map((build) => [String(build({ tracing: true })["uid"]), build] as const),
  ),
);
const ids = Object.keys(dashboardBuilders);

function render(id: string, context: DashboardContext): Dashboard {
  return dashboardBuilders[id](context) as unknown as Dashboard;
}

/** A datasource reference is the Prometheus uid or a dashboard variable. */
function isPrometheusRef(ref: { uid?: string } | undefined): boolean {
  return ref?.uid === "prometheus" || /^\$\{?\w+\}?$/.test(ref?.uid ?? "");
}

function dataPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.filter((panel) => panel.type !== "row");
}

function allExprs(): string[] {
  return ids.flatMap((id) =>
    contexts.flatMap((context) =>
      dataPanels(render(id, context)).flatMap((panel) => (panel.targets ?? []).map((target) => target.expr ?? "")),
    ),
  );
}

describe("dashboard registry", () => {
  it("has the stack overview and the RED dashboard", () => {
    expect(ids).toEqual(expect.arrayContaining(["stack-overview", "service-red"]));
  });
});

describe.each(ids)("dashboard %s", (id) => {
  it.each(contexts)("is well-formed classic JSON (%o)", (context) => {
    const dashboard = render(id, context);
    expect(dashboard.title.length).toBeGreaterThan(0);
    expect(dashboard.panels.length).toBeGreaterThan(0);

    const panelIds = dashboard.panels.map((panel) => panel.id);
    expect(panelIds.every((panelId) => typeof panelId === "number" && panelId > 0)).toBe(true);
    expect(new Set(panelIds).size).toBe(panelIds.length);

    for (const panel of dataPanels(dashboard)) {
      const where = `${id} / ${panel.title ?? "(untitled)"}`;
      expect(panel.title, where).toBeTruthy();
      expect(isPrometheusRef(panel.datasource), `${where}: datasource`).toBe(true);
      expect(panel.targets?.length ?? 0, `${where}: no targets`).toBeGreaterThan(0);
      const refIds = (panel.targets ?? []).map((target) => target.refId);
      expect(new Set(refIds).size, `${where}: duplicate refIds`).toBe(refIds.length);
      for (const target of panel.targets ?? []) {
        expect(target.expr?.trim().length ?? 0, `${where}: empty expr`).toBeGreaterThan(0);
        expect(target.refId, `${where}: refId`).toMatch(/^[A-Z]$/);
        expect(isPrometheusRef(target.datasource), `${where}: target datasource`).toBe(true);
      }
      const grid = panel.gridPos!;
      expect(grid.w, where).toBeGreaterThan(0);
      expect(grid.h, where).toBeGreaterThan(0);
      expect(grid.x + grid.w, `${where}: beyond the 24-column grid`).toBeLessThanOrEqual(24);
    }
  });

  it.each(contexts)("has no empty rows (%o)", (context) => {
    const panels = render(id, context).panels;
    panels.forEach((panel, index) => {
      if (panel.type !== "row") return;
      const next = panels[index + 1];
      expect(next !== undefined && next.type !== "row", `row '${panel.title}' has no panels`).toBe(true);
    });
  });

  it("variables query the Prometheus datasource", () => {
    for (const variable of render(id, { tracing: true }).templating?.list ?? []) {
      expect(isPrometheusRef(variable.datasource), variable.name).toBe(true);
    }
  });

  it("renders the same JSON twice", () => {
    for (const context of contexts) {
      expect(JSON.stringify(dashboardBuilders[id](context))).toBe(JSON.stringify(dashboardBuilders[id](context)));
    }
  });
});

describe("stack-overview", () => {
  const exprs = (context: DashboardContext) =>
    dataPanels(render("stack-overview", context)).flatMap((panel) => (panel.targets ?? []).map((t) => t.expr ?? ""));

  it("covers components up, ingestion, series, rule failures, alerts and notifications", () => {
    const all = exprs({ tracing: false }).join("\n");
    for (const metric of [
      "up",
      "prometheus_tsdb_head_samples_appended_total",
      "prometheus_tsdb_head_series",
      "prometheus_rule_evaluation_failures_total",
      'ALERTS{alertstate="firing"}',
      "alertmanager_notifications_total",
      "alertmanager_notifications_failed_total",
    ]) {
      expect(all).toContain(metric);
    }
  });

  it("shows the trace pipeline only when Jaeger runs", () => {
    expect(exprs({ tracing: true }).join("\n")).toContain("otelcol_receiver_accepted_spans_total");
    expect(exprs({ tracing: false }).join("\n")).not.toContain("otelcol_");
  });
});

describe("service-red", () => {
  const dashboard = render("service-red", { tracing: true });
  const panels = dataPanels(dashboard);

  it("has a service variable every query filters by", () => {
    expect(dashboard.templating?.list.map((variable) => variable.name)).toEqual(["service"]);
    for (const panel of panels) {
      for (const target of panel.targets ?? []) expect(target.expr, panel.title).toContain('service="$service"');
    }
  });

  it("shows rate, error ratio, P50/P95/P99 with exemplars, and requests by status code", () => {
    const latency = panels.find((panel) => panel.title === "Latency percentiles")!;
    const latencyExprs = latency.targets!.map((target) => target.expr);
    for (const q of ["0.5", "0.95", "0.99"]) {
      expect(latencyExprs).toContainEqual(expect.stringContaining(`histogram_quantile(${q},`));
    }
    expect(latencyExprs.every((expr) => expr!.includes("http_request_duration_seconds_bucket"))).toBe(true);
    expect(latency.targets!.every((target) => target.exemplar === true)).toBe(true);
    const titles = panels.map((panel) => panel.title);
    expect(titles).toEqual(expect.arrayContaining(["Request rate", "Error ratio", "Requests by status code"]));
    const byCode = panels.find((panel) => panel.title === "Requests by status code")!;
    expect(byCode.targets![0].expr).toMatch(/sum by \(status\)/);
  });
});

describe("service-red and the red pack's rules", () => {
  it("read the status code from the same label", () => {
    const rules = readFileSync(path.join(rulesRoot, "red", "red.rules.yml"), "utf8");
    const ruleLabels = new Set([...rules.matchAll(/(\w+)=~"5\.\."/g)].map((match) => match[1]));
    const dashboardLabels = new Set(
      allExprs().flatMap((expr) => [...expr.matchAll(/(\w+)=~"5\.\."/g)].map((match) => match[1])),
    );
    expect(ruleLabels.size).toBe(1);
    expect(dashboardLabels).toEqual(ruleLabels);
  });
});

describe("PromQL of dashboards and datasource links", () => {
  const tempDir = mkdtempSync(path.join(tmpdir(), "dashboards-promql-"));
  afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

  /** Grafana's template variables, replaced by values the PromQL parser accepts. */
  function substitute(expr: string): string {
    return expr
      .replaceAll("$__rate_interval", "5m")
      .replaceAll("$service", "example")
      .replaceAll("$__tags", 'service="example"');
  }

  function promtoolCheck(exprs: readonly string[]): { status: number | null; output: string } {
    const binary = "/usr/bin/promtool";
    if (!existsSync(binary)) {
      throw new Error(`${binary} is missing; install it with: apt-get install -y --no-install-recommends prometheus`);
    }
    const rules = {
      groups: [
        {
          name: "dashboard-queries",
          rules: exprs.map((expr, index) => ({ record: `dashboard:query_${index}:check`, expr: substitute(expr) })),
        },
      ],
    };
    const file = path.join(tempDir, `queries-${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(file, stringify(rules));
    const result = spawnSync(binary, ["check", "rules", file], { encoding: "utf8", timeout: 30_000 });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it("every query parses with the real PromQL parser (promtool)", () => {
    const datasourceQueries = grafanaDatasources(stackSettings("prod")).flatMap((source) => {
      const links = (source.jsonData["tracesToMetrics"] as { queries?: { query: string }[] } | undefined)?.queries;
      return (links ?? []).map((link) => link.query);
    });
    expect(datasourceQueries.length).toBeGreaterThan(0);
    const result = promtoolCheck([...new Set([...allExprs(), ...datasourceQueries])]);
    expect(result.output).toMatch(/SUCCESS/);
    expect(result.status).toBe(0);
  });

  it("the parser check catches a broken query (the validator is live)", () => {
    const result = promtoolCheck(["sum(rate(http_requests_total[5m])"]);
    expect(result.status).not.toBe(0);
  });
});
