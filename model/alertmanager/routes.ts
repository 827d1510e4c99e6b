import type { Alerting, Inhibition, Route } from "../../settings/schema";

function childRoute(route: Route): Record<string, unknown> {
  const entry: Record<string, unknown> = { receiver: route.receiver, matchers: [...route.matchers] };
  if (route.groupBy !== undefined) entry["group_by"] = [...route.groupBy];
  if (route.groupWait !== undefined) entry["group_wait"] = route.groupWait;
  if (route.groupInterval !== undefined) entry["group_interval"] = route.groupInterval;
  if (route.repeatInterval !== undefined) entry["repeat_interval"] = route.repeatInterval;
  if (route.continue) entry["continue"] = true;
  return entry;
}

/**
 * The route tree: the root carries the defaults (grouping, timing and the
 * receiver for alerts no route matches); routes are tried in order and the
 * first match wins unless it says `continue`. Pack routes (already in
 * Alertmanager form) come first: they only match their pack's alerts.
 */
export function routeTree(
  alerting: Alerting,
  packRoutes: readonly Record<string, unknown>[] = [],
): Record<string, unknown> {
  const root: Record<string, unknown> = {
    receiver: alerting.defaultReceiver,
    group_by: [...alerting.groupBy],
    group_wait: alerting.groupWait,
    group_interval: alerting.groupInterval,
    repeat_interval: alerting.repeatInterval,
  };
  const routes = [...packRoutes, ...alerting.routes.map(childRoute)];
  if (routes.length > 0) root["routes"] = routes;
  return root;
}

/** One inhibit rule: alerts matching `source` mute those matching `target` with equal labels. */
export function inhibitRule(inhibition: Inhibition): Record<string, unknown> {
  const rule: Record<string, unknown> = {
    source_matchers: [...inhibition.sourceMatchers],
    target_matchers: [...inhibition.targetMatchers],
  };
  if (inhibition.equal.length > 0) rule["equal"] = [...inhibition.equal];
  return rule;
}
