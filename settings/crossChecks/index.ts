import type { SettingsProblem } from "../errors";
import type { StackSettings } from "../schema";
import { criticalRouteProblems, receiverReferenceProblems } from "./alerting";
import { grafanaModeProblems } from "./grafana";
import { uniqueNameProblems } from "./names";
import { environmentTargetProblems, prodReplicaProblems, targetProblems } from "./targets";
import { scrapeTimingProblems } from "./scrape";
import { requiredSecretProblems } from "./secrets";
import { remoteWriteProblems, securityProblems } from "./security";

/**
 * Rules that span several keys, or depend on the environment, and so cannot
 * live in the schema, one module per area. Each problem says what to change;
 * the order is the one users read them in.
 */
export function crossFieldProblems(settings: StackSettings, secretKeys: ReadonlySet<string>): SettingsProblem[] {
  return [
    ...environmentTargetProblems(settings),
    ...uniqueNameProblems(settings),
    ...scrapeTimingProblems(settings),
    ...receiverReferenceProblems(settings),
    ...targetProblems(settings),
    ...prodReplicaProblems(settings),
    ...criticalRouteProblems(settings),
    ...remoteWriteProblems(settings),
    ...securityProblems(settings),
    ...grafanaModeProblems(settings),
    ...requiredSecretProblems(settings, secretKeys),
  ];
}
