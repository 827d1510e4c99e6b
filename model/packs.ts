import * as path from "node:path";

/**
 * A pack is monitoring content for one system: rule files (with their
 * promtool tests beside them) and dashboards. Built-in packs watch the stack
 * itself and are always on; the others are enabled by name in a stack's
 * `packs` list.
 */
export interface Pack {
  /** Name used in the `packs` config list. */
  readonly name: string;
  /** One line for `packs` listings and error hints. */
  readonly description: string;
  /** Always enabled (watches the stack itself). */
  readonly builtIn: boolean;
  /** Rule files, relative to the repository's `rules/` folder. */
  readonly ruleFiles: readonly string[];
  /** Dashboard ids (see `dashboards/index.ts`) this pack provisions. */
  readonly dashboards: readonly string[];
}

/** Absolute path of the repository's rules folder. */
export const rulesRoot = path.resolve(__dirname, "..", "rules");

export const packCatalog: readonly Pack[] = [
  {
    name: "stack",
    description: "self-monitoring of Prometheus, Alertmanager and every scrape target",
    builtIn: true,
    ruleFiles: ["stack/stack.rules.yml", "stack/tls.rules.yml"],
    dashboards: ["stack-overview"],
  },
  {
    name: "red",
    description: "rate, errors and duration alerts for any service exposing http_requests_total",
    builtIn: false,
    ruleFiles: ["red/red.rules.yml"],
    dashboards: ["service-red"],
  },
];

/** Names a stack may list under `packs`. */
export const selectablePackNames: readonly string[] = packCatalog
  .filter((pack) => !pack.builtIn)
  .map((pack) => pack.name);

/** The packs a stack runs: every built-in one plus those it selected, in catalog order. */
export function enabledPacks(selected: readonly string[]): Pack[] {
  return packCatalog.filter((pack) => pack.builtIn || selected.includes(pack.name));
}
