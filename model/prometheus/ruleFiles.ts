import * as fs from "node:fs";
import * as path from "node:path";
import { isPair, isScalar, parseDocument, visit } from "yaml";
import { enabledPacks, rulesRoot } from "../packs";
import type { FileSpec } from "../workload";
import { prometheusPaths } from "./paths";

/** How rule files link their runbooks inside the repository. */
const repositoryRunbook = /^docs\/runbooks\/([^/]+\.md)$/;

/**
 * Points `runbook_url: docs/runbooks/X.md` annotations at `<base>/X.md`.
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

/**
 * The rule files of every enabled pack, read from the repository's `rules/`
 * folder and placed under the rules directory that prometheus.yml loads.
 * @throws when two packs ship rule files with the same file name, which
 * would overwrite each other in that one directory.
 */
export function ruleFiles(selectedPacks: readonly string[], runbookBaseUrl?: string): FileSpec[] {
  const files: FileSpec[] = [];
  for (const pack of enabledPacks(selectedPacks)) {
    for (const relative of pack.ruleFiles) {
      const target = `${prometheusPaths.rulesDir}/${path.basename(relative)}`;
      if (files.some((file) => file.path === target)) {
        throw new Error(`rule file ${relative} of pack '${pack.name}' has the same name as another pack's`);
      }
      const content = fs.readFileSync(path.join(rulesRoot, relative), "utf8");
      files.push({
        path: target,
        content: runbookBaseUrl === undefined ? content : rewriteRunbookUrls(content, runbookBaseUrl),
        secretEscaping: "yaml",
      });
    }
  }
  return files;
}
