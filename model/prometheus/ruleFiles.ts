import * as fs from "node:fs";
import * as path from "node:path";
import { isPair, isScalar, parseDocument, visit } from "yaml";
import type { ResolvedSettings } from "../../settings/validate";
import { rulesRoot } from "../packs";
import { stackPacks } from "../packs/forStack";
import { packSloSpecs } from "../packs/slos";
import { sloRuleFile } from "../slo/rules";
import { stackServiceSloSpecs } from "../slo/serviceSlos";
import type { SloSpec } from "../slo/spec";
import type { FileSpec } from "../workload";
import { prometheusPaths } from "./paths";

/** How rule files link their runbooks inside the repository. */
const repositoryRunbook = /^docs\/runbooks\/((?:[a-z0-9-]+\/)?[^/]+\.md)$/;

/**
 * Points `runbook_url: docs/runbooks/<pack>/X.md` annotations at `<base>/<pack>/X.md`.
 * Edits the parsed document rather than the text, so comments and layout of
 * the reviewed rule file survive and nothing else can change.
 */
export function rewriteRunbookUrls(content: string, runbookBaseUrl: string): string {
  const document = parseDocument(content);
  const base = runbookBaseUrl.replace(/\/+$/, "");
  visit(document, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || pair.key.value !== "runbook_url") return;
      if (!isScalar(pair.value) || typeof pair.value.value !== "string") return;
      const match = repositoryRunbook.exec(pair.value.value);
      if (match !== null) pair.value.value = `${base}/${match[1]}`;
    },
  });
  return document.toString({ lineWidth: 0 });
}

/** File name of a pack's rule file in Prometheus' one rules directory: `hitl/business.rules.yml` → `hitl-business.rules.yml`. */
export function deployedRuleFileName(relative: string): string {
  return relative.replaceAll("/", "-");
}

/** File name of the generated rules of an SLO spec: `slos/hitl/hitl-api-requests.yml` → `slo-hitl-api.rules.yml`. */
export function sloRuleFileName(relative: string): string {
  return `slo-${relative.replace(/\.ya?ml$/, "").replaceAll("/", "-")}.rules.yml`;
}

/**
 * The rule files of every pack the stack runs, placed under the rules
 * directory that prometheus.yml loads: the reviewed files of `rules/` as
 * they are (runbook links pointed at the stack's runbook base when it has
 * one), then the rules generated from the packs' SLO specs, then those of
 * the SLOs the stack file gives its services.
 * @throws when two packs ship rule files with the same file name, which
 * would overwrite each other in that one directory.
 */
export function ruleFiles(settings: ResolvedSettings): FileSpec[] {
  const runbookBaseUrl = settings.alerting.runbookBaseUrl;
  const withRunbooks = (content: string): string =>
    runbookBaseUrl === undefined ? content : rewriteRunbookUrls(content, runbookBaseUrl);
  const files: FileSpec[] = [];
  const add = (owner: string, source: string, name: string, content: string): void => {
    const target = `${prometheusPaths.rulesDir}/${name}`;
    if (files.some((file) => file.path === target)) {
      throw new Error(`rule file ${source} of '${owner}' has the same name as another rule file`);
    }
    files.push({ path: target, content: withRunbooks(content), secretEscaping: "yaml" });
  };
  const packs = stackPacks(settings);
  for (const pack of packs) {
    for (const relative of pack.ruleFiles) {
      add(
        pack.name,
        `rules/${relative}`,
        deployedRuleFileName(relative),
        fs.readFileSync(path.join(rulesRoot, relative), "utf8"),
      );
    }
  }
  for (const pack of packs) {
    for (const { file, spec } of packSloSpecs(pack))
      add(pack.name, `slos/${file}`, sloRuleFileName(file), sloRuleFile(spec));
  }
  stackServiceSloSpecs(settings).forEach(({ service, spec }, index) => {
    add(`services`, `services' SLOs`, serviceSloRuleFileName(service, spec, index), sloRuleFile(spec));
  });
  return files;
}

/** File name of the rules of a service's SLOs: `slo-service-<service>-<sloth service>-<n>.rules.yml`. */
function serviceSloRuleFileName(service: string, spec: SloSpec, index: number): string {
  return `slo-service-${service}-${spec.service}-${index}.rules.yml`;
}
