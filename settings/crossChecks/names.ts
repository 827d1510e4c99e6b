import { problemAt, type SettingsProblem } from "../errors";
import type { StackSettings } from "../schema";
import { duplicates } from "./problem";

/** Every named list holds each name once: names become job names, file names and Alertmanager receivers. */
export function uniqueNameProblems(settings: StackSettings): SettingsProblem[] {
  const lists = [
    ["services", settings.services.map((s) => s.name)],
    ["alerting.receivers", settings.alerting.receivers.map((r) => r.name)],
    ["exporters.postgres", settings.exporters.postgres.map((p) => p.name)],
    ["exporters.redis", settings.exporters.redis.map((r) => r.name)],
    ["prometheus.remoteWrite", settings.prometheus.remoteWrite.map((r) => r.name)],
    ["packs", settings.packs.map((pack) => pack.name)],
  ] as const;
  return lists.flatMap(([list, names]) =>
    duplicates(names).map((name) =>
      problemAt(list, `name '${name}' appears more than once; names must be unique`, name),
    ),
  );
}
