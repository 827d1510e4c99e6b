import { packSelectionProblems } from "../packs/selectionChecks";
import { reservedServiceNameProblems } from "../jobNames";
import { providedTlsSecretProblems } from "../rolesInUse";
import { unreachableRoutes } from "../routing/reach";
import { serviceSloProblems } from "../slo/serviceSlos";
import type { SettingsProblem } from "../../settings/errors";
import type { StackSettings } from "../../settings/schema";
import {
  checkSettings,
  parseSettings,
  type ParseOptions,
  type RawStackConfig,
  type ResolvedSettings,
  type SettingsCheck,
} from "../../settings/validate";

/**
 * A stack's settings checked whole: the settings layer's own checks plus
 * what only the model knows (the packs a stack selects, their jobs,
 * receiver roles and SLO files, the SLO spec files its services name, the
 * routes no alert of the stack can match), in one pass. Every path that deploys or
 * renders a stack validates through here.
 */

/** The model's checks of a stack's settings. */
export function modelChecks(settings: StackSettings): SettingsProblem[] {
  const problems = [
    ...providedTlsSecretProblems(settings),
    ...reservedServiceNameProblems(settings),
    ...packSelectionProblems(settings),
    ...serviceSloProblems(settings),
  ];
  // Routes are judged against the alerts of packs and SLO specs that are known to be sound.
  return problems.length > 0 ? problems : unreachableRoutes(settings);
}

/** Parse options with the model's checks added. */
export function withModelChecks(options: Omit<ParseOptions, "extraChecks"> = {}): ParseOptions {
  return { ...options, extraChecks: modelChecks };
}

/** Every problem of a stack's config, settings and model alike. */
export function checkStack(raw: RawStackConfig, options: Omit<ParseOptions, "extraChecks"> = {}): SettingsCheck {
  return checkSettings(raw, withModelChecks(options));
}

/**
 * A stack's validated settings.
 * @throws SettingsError listing every problem, before anything is created.
 */
export function parseStack(raw: RawStackConfig, options: Omit<ParseOptions, "extraChecks"> = {}): ResolvedSettings {
  return parseSettings(raw, withModelChecks(options));
}
