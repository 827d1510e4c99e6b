import type { StackSettings } from "../../settings/schema";
import type { ResolvedSettings } from "../../settings/validate";
import { stackPacks } from "../packs/forStack";
import type { Pack, PackRoute } from "../packs/types";

/** Narrows matchers to one pack's alerts, which carry `pack="<name>"` from their rules. */
function packMatchers(pack: Pack, matchers: readonly string[]): string[] {
  return [`pack="${pack.name}"`, ...matchers];
}

/** The stack's receivers for a pack's roles, as its selection maps them. */
function roleReceivers(settings: StackSettings, pack: Pack): Readonly<Record<string, string>> {
  return settings.packs.find((selection) => selection.name === pack.name)?.receivers ?? {};
}

/**
 * One pack route as top-level Alertmanager routes, one per receiver the
 * stack mapped a role to. All but the last say `continue` so the alert
 * reaches each receiver; the last keeps the pack route's own `continue`.
 * Roles the stack left unmapped are left out, and a route with none left
 * is dropped: its alerts then take the stack's own routes. Flat routes
 * (rather than a subtree under `pack=...`) let a pack alert no pack route
 * matches fall through to the stack's routes instead of stopping at the
 * subtree's root.
 */
function expandRoute(settings: StackSettings, pack: Pack, route: PackRoute): Record<string, unknown>[] {
  const mapped = roleReceivers(settings, pack);
  const receivers = route.receivers.flatMap((role) => (mapped[role] === undefined ? [] : [mapped[role]]));
  return receivers.map((receiver, index) => {
    const entry: Record<string, unknown> = {
      receiver,
      matchers: packMatchers(pack, route.matchers),
    };
    if (route.groupBy !== undefined) entry["group_by"] = [...route.groupBy];
    if (route.groupWait !== undefined) entry["group_wait"] = route.groupWait;
    if (route.groupInterval !== undefined) entry["group_interval"] = route.groupInterval;
    if (route.repeatInterval !== undefined) entry["repeat_interval"] = route.repeatInterval;
    const last = index === receivers.length - 1;
    if (!last || route.continue === true) entry["continue"] = true;
    return entry;
  });
}

/** The routes of every pack the stack runs, in pack order, each pack's in its own order. */
export function packRoutes(settings: StackSettings): Record<string, unknown>[] {
  return stackPacks(settings).flatMap((pack) => pack.routes.flatMap((route) => expandRoute(settings, pack, route)));
}

/** The inhibit rules of every pack the stack runs, each side narrowed to the pack's alerts. */
export function packInhibitRules(settings: ResolvedSettings): Record<string, unknown>[] {
  return stackPacks(settings).flatMap((pack) =>
    pack.inhibitions.map((inhibition) => {
      const rule: Record<string, unknown> = {
        source_matchers: packMatchers(pack, inhibition.sourceMatchers),
        target_matchers: packMatchers(pack, inhibition.targetMatchers),
      };
      if (inhibition.equal !== undefined && inhibition.equal.length > 0) rule["equal"] = [...inhibition.equal];
      return rule;
    }),
  );
}
