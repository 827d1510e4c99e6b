import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { sloRuleGroups } from "../slo/rules";
import { rulesRoot } from "./catalog";
import { packSloSpecs } from "./slos";
import type { Pack } from "./types";

/** A pack's rules as data: its reviewed rule files and those generated from its SLO specs. */

/** One rule of a rule file. */
export interface PackRule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Prometheus rule file as the pack ships it. */
export interface PackRuleFile {
  readonly groups: readonly { readonly name: string; readonly rules: readonly PackRule[] }[];
}

/** The reviewed rule files of a pack, read from `rules/` and parsed. */
export function packRuleFiles(pack: Pack): { file: string; content: string; parsed: PackRuleFile }[] {
  return pack.ruleFiles.map((file) => {
    const content = fs.readFileSync(path.join(rulesRoot, file), "utf8");
    return { file, content, parsed: parse(content) as PackRuleFile };
  });
}

/** Every rule of a pack: its reviewed files' and those generated from its SLO specs. */
export function packRules(pack: Pack): PackRule[] {
  const reviewed = packRuleFiles(pack).flatMap(({ parsed }) => parsed.groups.flatMap((group) => group.rules));
  const generated = packSloSpecs(pack).flatMap(({ spec }) => sloRuleGroups(spec).flatMap((group) => group.rules));
  return [...reviewed, ...generated];
}
