/** Rule files as the bench loads them: ours from a stack's workload, and their declared shape. */
import * as path from "node:path";
import { parse } from "yaml";
import { prometheusPaths, prometheusWorkload } from "../../model/prometheus";
import { fillSecrets } from "../../model/secrets";
import type { ResolvedSettings } from "../../settings/validate";
import { testSecretValues } from "../underMocks/stacks";

/** A rule file to load: its file name and content. */
export interface RuleFile {
  readonly name: string;
  readonly content: string;
}

/** The rule files of a stack's workload (secrets filled as the promtool test fills them). */
export function workloadRuleFiles(settings: ResolvedSettings): RuleFile[] {
  const secrets = testSecretValues(settings);
  return prometheusWorkload(settings)
    .files.filter((file) => file.path.startsWith(`${prometheusPaths.rulesDir}/`))
    .map((file) => ({ name: path.basename(file.path), content: fillSecrets(file, secrets) }));
}

/** Rule files generated from the services' SLOs (model/prometheus/ruleFiles.ts names them `slo-service-…`). */
export function isServiceSloFile(file: RuleFile): boolean {
  return file.name.startsWith("slo-service-");
}

/** Groups and rules as the files declare them (Prometheus' counts are read too, as a check). */
export function declaredShape(files: readonly RuleFile[]): { groups: number; rules: number; kib: number } {
  let groups = 0;
  let rules = 0;
  let bytes = 0;
  for (const file of files) {
    const document = parse(file.content) as { groups?: { rules?: unknown[] }[] } | null;
    groups += document?.groups?.length ?? 0;
    rules += (document?.groups ?? []).reduce((sum, group) => sum + (group.rules?.length ?? 0), 0);
    bytes += Buffer.byteLength(file.content);
  }
  return { groups, rules, kib: bytes / 1024 };
}
