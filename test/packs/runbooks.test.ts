import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { packCatalog } from "../../model/packs";
import { rewriteRunbookUrls } from "../../model/prometheus";
import { defaultSloRunbook } from "../../model/slo/rules";
import { packAlerts, packRuleFiles, repositoryRoot } from "../helpers/packContent";
import type { PackRuleFile } from "../../model/packs/rules";

const runbooksRoot = path.join(repositoryRoot, "docs", "runbooks");

describe("runbooks", () => {
  it("are one folder per pack, each runbook belonging to an alert of that pack, plus the shared SLO burn-rate runbook", () => {
    expect(fs.existsSync(path.join(repositoryRoot, defaultSloRunbook))).toBe(true);
    const packNames = packCatalog.map((pack) => pack.name);
    for (const entry of fs.readdirSync(runbooksRoot, { withFileTypes: true })) {
      if (entry.isDirectory()) expect(packNames, `docs/runbooks/${entry.name}/ is no pack's`).toContain(entry.name);
      else expect(entry.name, "only the SLO runbook is shared").toBe(path.basename(defaultSloRunbook));
    }
  });

  it("say what the alert means, how to diagnose it and how to mitigate it", () => {
    for (const pack of packCatalog) {
      const folder = path.join(runbooksRoot, pack.name);
      const files = fs.existsSync(folder) ? fs.readdirSync(folder) : [];
      for (const alert of new Set(packAlerts(pack).map((rule) => rule.alert))) {
        expect(files, `docs/runbooks/${pack.name}/${alert}.md is missing`).toContain(`${alert}.md`);
      }
      for (const runbook of files) {
        const file = path.join(folder, runbook);
        const text = fs.readFileSync(file, "utf8");
        expect(text, file).toMatch(/^# /m);
        expect(text.toLowerCase(), `${file} has no diagnosis`).toMatch(/diagnos/);
        expect(text.toLowerCase(), `${file} has no mitigation`).toMatch(/mitigat|fix|resolve|remed/);
        expect(text.length, `${file} is too thin to help`).toBeGreaterThan(400);
      }
    }
  });

  it("rewriting points every runbook_url at the base, keeping the pack folder, and changes nothing else", () => {
    const files = packCatalog.flatMap((pack) => packRuleFiles(pack).map((file) => ({ pack: pack.name, ...file })));
    const segment = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 0, maxLength: 4 }), fc.boolean(), (segments, trailingSlash) => {
        const base = `https://git.example.com/${segments.join("/")}${trailingSlash ? "/" : ""}`;
        const expectedBase = base.replace(/\/+$/, "");
        for (const { pack, content, parsed } of files) {
          const rewritten = parse(rewriteRunbookUrls(content, base)) as PackRuleFile;
          const original = structuredClone(parsed) as unknown as {
            groups: { rules: { alert?: string; annotations?: Record<string, string> }[] }[];
          };
          for (const rule of original.groups.flatMap((group) => group.rules)) {
            if (rule.alert !== undefined && rule.annotations) {
              rule.annotations["runbook_url"] = `${expectedBase}/${pack}/${rule.alert}.md`;
            }
          }
          expect(rewritten).toEqual(original);
        }
      }),
      { numRuns: 10 },
    );
  });
});
