import * as path from "node:path";
import { stackPack } from "./stack";
import { prometheusPack } from "./prometheus";
import { alertmanagerPack } from "./alertmanager";
import { grafanaPack } from "./grafana";
import { jaegerPack } from "./jaeger";
import { nodePack } from "./node";
import { containersPack } from "./containers";
import { kubernetesPack } from "./kubernetes";
import { probesPack } from "./probes";
import { redPack } from "./red";
import { opsconductorPack } from "./opsconductor";
import { maestroPack } from "./maestro";
import { automationPlatformPack } from "./automation-platform";
import { hitlPack } from "./hitl";
import type { Pack, PackStackFacts } from "./types";

/** Absolute path of the repository's rules folder. */
export const rulesRoot = path.resolve(__dirname, "..", "..", "rules");

/** Absolute path of the repository's SLO specs folder. */
export const slosRoot = path.resolve(__dirname, "..", "..", "slos");

/** Every pack the project ships: built-in ones first, then the selectable ones, each once. */
export const packCatalog: readonly Pack[] = [
  stackPack,
  prometheusPack,
  alertmanagerPack,
  grafanaPack,
  jaegerPack,
  nodePack,
  containersPack,
  kubernetesPack,
  probesPack,
  redPack,
  opsconductorPack,
  maestroPack,
  automationPlatformPack,
  hitlPack,
];

/** Names a stack may list under `packs`. */
export const selectablePackNames: readonly string[] = packCatalog
  .filter((pack) => !pack.builtIn)
  .map((pack) => pack.name);

/**
 * The packs a stack runs: every built-in one that applies to it plus those
 * it selected, in catalog order.
 */
export function enabledPacks(selected: readonly string[], facts?: PackStackFacts): Pack[] {
  return packCatalog.filter((pack) =>
    pack.builtIn
      ? facts === undefined || pack.appliesTo === undefined || pack.appliesTo(facts)
      : selected.includes(pack.name),
  );
}

/** The pack of a name. @throws naming the known packs when there is none. */
export function packNamed(name: string): Pack {
  const pack = packCatalog.find((candidate) => candidate.name === name);
  if (pack === undefined)
    throw new Error(`unknown pack '${name}'; packs: ${packCatalog.map((p) => p.name).join(", ")}`);
  return pack;
}
