import { defaultSloRunbook } from "../../model/slo/rules";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { packCatalog, rulesRoot } from "../../model/packs";
import { rewriteRunbookUrls } from "../../model/prometheus";

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}
interface AlertTest {
  alertname: string;
  exp_alerts?: { exp_labels?: Record<string, string> }[] | null;
}
interface TestFile {
  rule_files: string[];
  tests: { alert_rule_test?: AlertTest[] }[];
}

const repositoryRoot = path.resolve(rulesRoot, "..");

const ruleFiles = packCatalog.flatMap((pack) =>
  pack.ruleFiles.map((file) => {
    const content = fs.readFileSync(path.join(rulesRoot, file), "utf8");
    return { pack: pack.name, file, content, parsed: parse(content) as RuleFile };
  }),
);

function alertsOf(file: RuleFile): Rule[] {
  return file.groups.flatMap((group) => group.rules).filter((rule) => rule.alert !== undefined);
}

describe.each(ruleFiles)("rules of pack $pack ($file)", ({ file, parsed }) => {
  const alerts = alertsOf(parsed);
  const testPath = path.join(rulesRoot, file.replace(/\.rules\.yml$/, ".test.yml"));

  it("has alerts", () => {
    expect(alerts.length).toBeGreaterThan(0);
  });

  it.each(alerts.map((rule) => [`${rule.alert} (${rule.labels?.["severity"]})`, rule] as const))(
    "%s has a severity, summary, description and an existing runbook",
    (_, rule) => {
      expect(["critical", "warning", "info"]).toContain(rule.labels?.["severity"]);
      expect(rule.annotations?.["summary"]?.trim()).toBeTruthy();
      expect(rule.annotations?.["description"]?.trim()).toBeTruthy();
      const runbook = `docs/runbooks/${rule.alert}.md`;
      expect(rule.annotations?.["runbook_url"]).toBe(runbook);
      expect(fs.existsSync(path.join(repositoryRoot, runbook)), `${runbook} is missing`).toBe(true);
    },
  );

  it("has a promtool test where each alert fires at each severity and one where it stays silent", () => {
    const tests = parse(fs.readFileSync(testPath, "utf8")) as TestFile;
    expect(tests.rule_files).toEqual([path.basename(file)]);
    const cases = tests.tests.flatMap((test) => test.alert_rule_test ?? []);
    for (const rule of alerts) {
      const forAlert = cases.filter((test) => test.alertname === rule.alert);
      const severity = rule.labels?.["severity"];
      const fires = forAlert.some((test) =>
        (test.exp_alerts ?? []).some((alert) => alert.exp_labels?.["severity"] === severity),
      );
      const silent = forAlert.some((test) => (test.exp_alerts ?? []).length === 0);
      expect(fires, `${rule.alert} (${severity}) never fires in ${testPath}`).toBe(true);
      expect(silent, `${rule.alert} is never asserted silent in ${testPath}`).toBe(true);
    }
  });
});

describe("runbook links", () => {
  const alertNames = [...new Set(ruleFiles.flatMap(({ parsed }) => alertsOf(parsed).map((rule) => rule.alert)))];

  it("every runbook belongs to an alert of a rule file or to the SLO burn-rate alerts", () => {
    // SLO alerts are generated from slos/ (model/slo) and share one runbook.
    const sloRunbook = path.basename(defaultSloRunbook, ".md");
    expect(fs.existsSync(path.join(repositoryRoot, defaultSloRunbook))).toBe(true);
    const runbooks = fs
      .readdirSync(path.join(repositoryRoot, "docs", "runbooks"))
      .filter((name) => name.endsWith(".md"));
    for (const runbook of runbooks) expect([...alertNames, sloRunbook]).toContain(runbook.replace(/\.md$/, ""));
  });

  it("rewriting points every runbook_url at the base and changes nothing else", () => {
    const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 0, maxLength: 4 }), fc.boolean(), (segments, trailingSlash) => {
        const base = `https://git.example.com/${segments.join("/")}${trailingSlash ? "/" : ""}`;
        const expectedBase = base.replace(/\/+$/, "");
        for (const { content, parsed } of ruleFiles) {
          const rewritten = parse(rewriteRunbookUrls(content, base)) as RuleFile;
          const original = structuredClone(parsed);
          for (const rule of alertsOf(original)) {
            if (rule.annotations) rule.annotations["runbook_url"] = `${expectedBase}/${rule.alert}.md`;
          }
          expect(rewritten).toEqual(original);
        }
      }),
      { numRuns: 25 },
    );
  });
});
