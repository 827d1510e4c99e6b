import { closest, problemAt, type SettingsProblem } from "../../settings/errors";
import { isReservedJobName } from "../jobNames";
import type { StackSettings } from "../../settings/schema";
import { packNamed, selectablePackNames } from "./catalog";
import { packSloProblems } from "./slos";

/**
 * Pack selections: known names, targets only for the pack's own jobs,
 * receivers of this stack for the pack's own receiver roles (unmapped roles
 * leave the pack's alerts to the stack's routes), and pack jobs that do not
 * take a name the stack or its services already use.
 */
export function packSelectionProblems(settings: StackSettings): SettingsProblem[] {
  const receiverNames = settings.alerting.receivers.map((receiver) => receiver.name);
  const problems: SettingsProblem[] = [];
  const problem = (path: string, message: string, received?: unknown): void => {
    problems.push(problemAt(path, message, received));
  };
  const unknownName = (what: string, name: string, known: readonly string[]): string => {
    const hint = closest(name, [...known]);
    return `unknown ${what}${hint ? ` (did you mean '${hint}'?)` : ""}; ${known.length > 0 ? `known: ${known.join(", ")}` : "the pack has none"}`;
  };
  const serviceNames = settings.services.map((service) => service.name);
  settings.packs.forEach((selection, index) => {
    if (!selectablePackNames.includes(selection.name)) {
      const hint = closest(selection.name, selectablePackNames);
      problem(
        `packs[${index}]`,
        `unknown pack${hint ? ` (did you mean '${hint}'?)` : ""}; available packs: ${selectablePackNames.join(", ")}`,
        selection.name,
      );
      return;
    }
    const pack = packNamed(selection.name);
    // The pack's SLO files are part of what this stack deploys: a bad one
    // is reported here, with the stack's problems, instead of crashing later.
    for (const slo of packSloProblems(pack)) {
      problems.push({
        path: `${slo.file}:${slo.path}`,
        message: slo.message,
        ...("received" in slo ? { received: slo.received } : {}),
      });
    }
    const jobs = pack.scrapeJobs.map((job) => job.name);
    for (const job of Object.keys(selection.targets)) {
      if (!jobs.includes(job)) problem(`packs[${index}].targets.${job}`, unknownName("job of this pack", job, jobs));
    }
    for (const job of jobs) {
      if (isReservedJobName(job) || serviceNames.includes(job)) {
        problem(
          `packs[${index}]`,
          `pack '${pack.name}' scrapes job '${job}', which the stack or services[] already uses; rename that service`,
          job,
        );
      }
    }
    const roles = [...new Set(pack.routes.flatMap((route) => route.receivers))];
    for (const [role, receiver] of Object.entries(selection.receivers)) {
      if (!roles.includes(role)) {
        problem(`packs[${index}].receivers.${role}`, unknownName("receiver role of this pack", role, roles));
      } else if (!receiverNames.includes(receiver)) {
        problem(`packs[${index}].receivers.${role}`, unknownName("receiver", receiver, receiverNames), receiver);
      }
    }
  });
  return problems;
}
