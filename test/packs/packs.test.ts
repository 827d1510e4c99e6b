import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { packCatalog, rulesRoot, slosRoot } from "../../model/packs";
import { familyOfSeries, synthesizedSeries, unknownLabels } from "../../model/metrics/catalog";
import { analysePromql } from "../../model/metrics/promql";
import { packSloSpecs } from "../../model/packs/slos";
import { sloDashboardUid } from "../../model/dashboards/slo";
import { packDashboards } from "../../model/grafana/dashboards";
import { defaultSloRunbook } from "../../model/slo/rules";
import {
  dataPanels,
  packAlerts,
  packDashboardJson,
  packExpressions,
  packRuleFiles,
  packRules,
  repositoryRoot,
} from "../helpers/packContent";

const packs = packCatalog.map((pack) => [pack.name, pack] as const);

describe("pack catalog", () => {
  it("names each pack once, in the form the config and the pack label use", () => {
    const names = packCatalog.map((pack) => pack.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it("ships the built-in packs for the stack itself and the four seed packs", () => {
    const builtIn = packCatalog.filter((pack) => pack.builtIn).map((pack) => pack.name);
    expect(builtIn).toEqual(
      expect.arrayContaining([
        "stack",
        "prometheus",
        "alertmanager",
        "grafana",
        "jaeger",
        "node",
        "containers",
        "kubernetes",
        "probes",
      ]),
    );
    const selectable = packCatalog.filter((pack) => !pack.builtIn).map((pack) => pack.name);
    expect(selectable).toEqual(["red", "opsconductor", "maestro", "automation-platform", "hitl"]);
  });

  it("has no rule file, SLO spec or runbook that no pack lists", () => {
    const listedRules = packCatalog.flatMap((pack) => pack.ruleFiles);
    const ruleFilesOnDisk = fs
      .readdirSync(rulesRoot, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".rules.yml"));
    expect(ruleFilesOnDisk.sort()).toEqual([...listedRules].sort());
    const listedSlos = packCatalog.flatMap((pack) => pack.sloFiles);
    const slosOnDisk = fs
      .readdirSync(slosRoot, { recursive: true, encoding: "utf8" })
      .filter((file) => /\.ya?ml$/.test(file));
    expect(slosOnDisk.sort()).toEqual([...listedSlos].sort());
  });

  it("gives every dashboard of every pack its own uid, at most 40 characters", () => {
    const uids = packCatalog.flatMap((pack) => [...new Set(packDashboardJson(pack).map((dashboard) => dashboard.uid))]);
    expect(uids.filter((uid, index) => uids.indexOf(uid) !== index)).toEqual([]);
    for (const uid of uids) expect(uid.length, uid).toBeLessThanOrEqual(40);
  });
});

describe.each(packs)("pack %s", (name, pack) => {
  it("lists rule files that exist, each with its promtool test beside it", () => {
    for (const file of pack.ruleFiles) {
      expect(file.startsWith(`${name}/`), `${file} belongs under rules/${name}/`).toBe(true);
      expect(fs.existsSync(path.join(rulesRoot, file)), `rules/${file}`).toBe(true);
      const testFile = path.join(rulesRoot, file.replace(/\.rules\.yml$/, ".test.yml"));
      expect(fs.existsSync(testFile), `${testFile} is missing`).toBe(true);
    }
  });

  it("has valid SLO specs under slos/<pack>/", () => {
    for (const file of pack.sloFiles) expect(file.startsWith(`${name}/`), file).toBe(true);
    expect(() => packSloSpecs(pack)).not.toThrow();
  });

  it("labels every alert with its pack and a severity, summary, description and existing runbook", () => {
    const names = packAlerts(pack).map((rule) => rule.alert);
    for (const rule of packAlerts(pack)) {
      const where = `${name}: ${rule.alert}`;
      expect(rule.labels?.["pack"], where).toBe(name);
      expect(["critical", "warning", "info"], where).toContain(rule.labels?.["severity"]);
      expect(rule.annotations?.["summary"]?.trim(), where).toBeTruthy();
      expect(rule.annotations?.["description"]?.trim(), where).toBeTruthy();
      const runbook = `docs/runbooks/${name}/${rule.alert}.md`;
      expect(rule.annotations?.["runbook_url"], where).toBe(runbook);
      expect(fs.existsSync(path.join(repositoryRoot, runbook)), `${runbook} is missing`).toBe(true);
    }
    // The same name at two severities is one alert with two thresholds.
    const bySeverity = packAlerts(pack).map((rule) => `${rule.alert}/${rule.labels?.["severity"]}`);
    expect(new Set(bySeverity).size, `alert names of ${name}: ${names.join(", ")}`).toBe(bySeverity.length);
  });

  it("has a runbook only for alerts it has (its rule files' and its SLOs')", () => {
    const folder = path.join(repositoryRoot, "docs", "runbooks", name);
    const runbooks = fs.existsSync(folder) ? fs.readdirSync(folder).filter((file) => file.endsWith(".md")) : [];
    const alerts = new Set(packRules(pack).flatMap((rule) => (rule.alert === undefined ? [] : [`${rule.alert}.md`])));
    for (const runbook of runbooks) expect(alerts, `docs/runbooks/${name}/${runbook} has no alert`).toContain(runbook);
  });

  it("links each SLO alert to the shared burn-rate runbook or its own in the pack's folder, which exists", () => {
    const reviewed = new Set(packAlerts(pack).map((rule) => rule.alert));
    for (const rule of packRules(pack).filter((r) => r.alert !== undefined && !reviewed.has(r.alert))) {
      const runbook = rule.annotations?.["runbook_url"] ?? "";
      expect([defaultSloRunbook, `docs/runbooks/${name}/${rule.alert}.md`], rule.alert).toContain(runbook);
      expect(fs.existsSync(path.join(repositoryRoot, runbook)), `${runbook} is missing`).toBe(true);
      expect(rule.labels?.["pack"], rule.alert).toBe(name);
    }
  });

  it("has a promtool test where each alert fires at each severity and one where it stays silent", () => {
    for (const { file, parsed } of packRuleFiles(pack)) {
      const testPath = path.join(rulesRoot, file.replace(/\.rules\.yml$/, ".test.yml"));
      const tests = parseTestFile(testPath);
      expect(tests.rule_files, testPath).toEqual([path.basename(file)]);
      const cases = tests.tests.flatMap((test) => test.alert_rule_test ?? []);
      for (const rule of parsed.groups.flatMap((group) => group.rules).filter((r) => r.alert !== undefined)) {
        const forAlert = cases.filter((test) => test.alertname === rule.alert);
        const severity = rule.labels?.["severity"];
        const fires = forAlert.some((test) =>
          (test.exp_alerts ?? []).some((alert) => alert.exp_labels?.["severity"] === severity),
        );
        const silent = forAlert.some((test) => (test.exp_alerts ?? []).length === 0);
        expect(fires, `${rule.alert} (${severity}) never fires in ${testPath}`).toBe(true);
        expect(silent, `${rule.alert} is never asserted silent in ${testPath}`).toBe(true);
      }
    }
  });

  it("parses every PromQL expression of its rules and dashboards with the Prometheus grammar", () => {
    const broken = packExpressions(pack).flatMap(({ where, expr }) => {
      const { errors } = analysePromql(expr);
      return errors.length === 0 ? [] : [`${where}: syntax error near "${errors[0].near}" in ${expr}`];
    });
    expect(broken).toEqual([]);
  });

  it("declares in its metrics catalog every metric its rules and dashboards read", () => {
    const recorded = new Set(packRules(pack).flatMap((rule) => (rule.record === undefined ? [] : [rule.record])));
    const undeclared = new Set<string>();
    for (const { where, expr } of packExpressions(pack)) {
      for (const metric of analysePromql(expr).metrics) {
        if (recorded.has(metric) || synthesizedSeries.includes(metric)) continue;
        if (familyOfSeries(metric, pack.metrics) === undefined) undeclared.add(`${metric} (${where})`);
      }
    }
    expect([...undeclared]).toEqual([]);
  });

  it("matches only on labels its metrics catalog declares (or that targets get), so no selector is silently empty", () => {
    const jobLabels = pack.scrapeJobs.flatMap((job) => Object.keys(job.labels ?? {}));
    const unknown = packExpressions(pack).flatMap(({ where, expr }) =>
      unknownLabels(analysePromql(expr).selectors, pack.metrics, jobLabels).map(
        ({ metric, label, known }) => `${where}: ${metric} has no label ${label} (its labels: ${known.join(", ")})`,
      ),
    );
    expect(unknown).toEqual([]);
  });

  it("declares each metric once, with a valid name, labels and ascending buckets", () => {
    const names = pack.metrics.map((family) => family.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    for (const family of pack.metrics) {
      expect(family.name).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
      if (family.type === "counter") expect(family.name, "counters are exposed with _total").toMatch(/_total$/);
      for (const label of family.labels) expect(label, family.name).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
      expect(family.help.trim(), family.name).toBeTruthy();
      if (family.buckets !== undefined) {
        expect(family.type).toBe("histogram");
        expect([...family.buckets].sort((a, b) => a - b)).toEqual(family.buckets);
      }
    }
  });

  it("renders every dashboard with a title, tags, and panels that each have a datasource and queries", () => {
    for (const dashboard of packDashboardJson(pack)) {
      expect(dashboard.title.trim(), dashboard.uid).toBeTruthy();
      expect(dashboard.tags, dashboard.uid).toContain("observability-stack");
      const panels = dataPanels(dashboard);
      expect(panels.length, dashboard.uid).toBeGreaterThan(0);
      const ids = dashboard.panels.map((panel) => panel.id);
      expect(new Set(ids).size, `${dashboard.uid} panel ids`).toBe(ids.length);
      for (const panel of panels) {
        const where = `${dashboard.uid} / ${panel.title ?? panel.id}`;
        expect(panel.title?.trim(), where).toBeTruthy();
        expect(panel.datasource?.uid, where).toBeTruthy();
        expect(panel.targets?.length ?? 0, where).toBeGreaterThan(0);
        for (const target of panel.targets ?? []) expect(target.expr?.trim(), where).toBeTruthy();
      }
    }
  });
});

interface TestFile {
  rule_files: string[];
  tests: { alert_rule_test?: { alertname: string; exp_alerts?: { exp_labels?: Record<string, string> }[] | null }[] }[];
}

function parseTestFile(file: string): TestFile {
  return parse(fs.readFileSync(file, "utf8")) as TestFile;
}

describe("one SLO dashboard per service", () => {
  const withSlos = packCatalog.filter((pack) => packSloSpecs(pack).length > 0);

  /** Whether a dashboard of the pack's own is an SLO dashboard of the service: titled so, reading its SLO series. */
  function isOwnSloDashboard(dashboard: { uid: string; title: string }, service: string, sloIds: string[]): boolean {
    if (dashboard.uid === sloDashboardUid(service) || !/SLO/.test(dashboard.title)) return false;
    const json = JSON.stringify(dashboard);
    return (
      json.includes(`sloth_service=\\"${service}\\"`) || sloIds.some((id) => json.includes(`sloth_id=\\"${id}\\"`))
    );
  }

  it.each(withSlos.map((pack) => [pack.name, pack] as const))(
    "%s: each service of its specs has exactly one, its own or the generated one",
    (_name, pack) => {
      const specs = packSloSpecs(pack).map(({ spec }) => spec);
      const services = [...new Set(specs.map((spec) => spec.service))];
      for (const service of pack.ownSloDashboards ?? []) expect(services, "ownSloDashboards").toContain(service);
      const dashboards = packDashboards(pack).map(
        (build) => build({ tracing: true }) as { uid: string; title: string },
      );
      for (const service of services) {
        const sloIds = specs
          .filter((spec) => spec.service === service)
          .flatMap((spec) => spec.slos.map((slo) => `${service}-${slo.name}`));
        const generated = dashboards.filter((dashboard) => dashboard.uid === sloDashboardUid(service));
        const own = dashboards.filter((dashboard) => isOwnSloDashboard(dashboard, service, sloIds));
        expect(
          [...generated, ...own].map((dashboard) => dashboard.uid),
          service,
        ).toHaveLength(1);
      }
    },
  );
});
