import { problemAt, type SettingsProblem } from "../../settings/errors";
import type { MonitoredService, StackSettings } from "../../settings/schema";
import { packRoutes } from "../alertmanager/packRouting";
import { monitoredServices } from "../packs/forStack";
import { routeTree } from "../alertmanager/routes";
import type { SpecReader } from "../slo/serviceSlos";
import { readRepositorySpec } from "../slo/serviceSlos";
import { matches, parseMatcher, type Matcher } from "./matchers";
import { stackAlerts, type AlertShape } from "./stackAlerts";
import { targetTraits } from "../targetTraits";

/**
 * Which receivers the stack's alerts reach, judged before anything is
 * deployed: routes that no alert of the stack can match (a label no alert
 * carries, a value no rule sets), and, per alert, the receivers
 * Alertmanager's routing gives it. Alertmanager's own semantics: routes
 * are tried in order, the first match wins unless it says `continue`, an
 * alert no route matches goes to the default receiver, a missing label has
 * the empty value.
 */

/** True when an alert may carry the label (set by its rule, or by its data). */
function mayCarry(shape: AlertShape, label: string, services: readonly MonitoredService[]): boolean {
  if (label in shape.fixed || shape.dynamic.open || shape.dynamic.names.has(label)) return true;
  // An alert about a service gets the service's labels on its way to Alertmanager.
  const aboutService = "service" in shape.fixed || shape.dynamic.names.has("service");
  return aboutService && services.some((service) => label in service.labels);
}

/**
 * The values `service` can have on a series of this stack: its services'
 * and its packs' job names. Undefined (any) on Kubernetes, where pods found
 * by discovery take theirs from their `app.kubernetes.io/name` label.
 */
function serviceValues(settings: StackSettings): readonly string[] | undefined {
  if (targetTraits(settings).kubernetesApi) return undefined;
  return monitoredServices(settings).map((service) => service.name);
}

/** What the stack's alerts are judged against besides their own labels. */
interface StackFacts {
  readonly services: readonly MonitoredService[];
  readonly serviceValues: readonly string[] | undefined;
}

/** Whether some alert of this shape could satisfy the matcher. */
function couldMatch(shape: AlertShape, matcher: Matcher, facts: StackFacts): boolean {
  const fixed = shape.fixed[matcher.label];
  if (fixed !== undefined) return matches(matcher, fixed);
  if (!mayCarry(shape, matcher.label, facts.services)) return matches(matcher, "");
  // A label from the data may be missing, or have any value: for `service`, one the stack scrapes.
  if (matcher.label === "service" && facts.serviceValues !== undefined) {
    return ["", ...facts.serviceValues].some((value) => matches(matcher, value));
  }
  return true;
}

/** Why no alert satisfies a matcher, for the message. */
function whyNot(matcher: Matcher, shapes: readonly AlertShape[], facts: StackFacts): string {
  const carriers = shapes.filter((shape) => mayCarry(shape, matcher.label, facts.services));
  if (carriers.length === 0) return `no alert of this stack carries the label ${matcher.label}`;
  const fixed = carriers.flatMap((shape) => shape.fixed[matcher.label] ?? []);
  const fromData = matcher.label === "service" ? (facts.serviceValues ?? []) : [];
  const values = [...new Set([...fixed, ...fromData])].sort();
  return `the alerts that carry ${matcher.label} set it to ${values.join(", ")}`;
}

/**
 * The stack's routes that no alert it can raise could match, as problems of
 * the stack file (a route on `service="…"` spelled wrong, on a severity no
 * rule sets, on a label no alert carries). Conservative: an alert whose
 * labels the analysis cannot bound may match anything.
 */
export function unreachableRoutes(
  settings: StackSettings,
  readSpec: SpecReader = readRepositorySpec,
): SettingsProblem[] {
  // Without routes every alert goes to the default receiver: nothing to judge.
  if (settings.alerting.routes.length === 0) return [];
  const shapes = stackAlerts(settings, readSpec);
  const facts: StackFacts = { services: settings.services, serviceValues: serviceValues(settings) };
  return settings.alerting.routes.flatMap((route, index) => {
    const matchers = route.matchers.map(parseMatcher);
    if (shapes.some((shape) => matchers.every((matcher) => couldMatch(shape, matcher, facts)))) return [];
    // Name the first matcher that no alert satisfies on its own, or the combination.
    const alone = matchers.find((matcher) => !shapes.some((shape) => couldMatch(shape, matcher, facts)));
    const reason =
      alone === undefined
        ? "each matcher is met by some alert, but no one alert meets them all"
        : `${alone.text}: ${whyNot(alone, shapes, facts)}`;
    return [
      problemAt(
        `alerting.routes[${index}]`,
        `no alert this stack raises can match this route (receiver ${route.receiver}); ${reason}. ` +
          "`npm run render` lists each alert's labels and receivers in alertmanager/alert-routes.txt",
        route.matchers,
      ),
    ];
  });
}

interface TreeRoute {
  readonly receiver: string;
  readonly matchers: readonly Matcher[];
  readonly continue: boolean;
}

/** The receivers Alertmanager's routing gives a label set. */
function receiversFor(
  labels: Readonly<Record<string, string>>,
  routes: readonly TreeRoute[],
  fallback: string,
): string[] {
  const reached: string[] = [];
  for (const route of routes) {
    if (!route.matchers.every((matcher) => matches(matcher, labels[matcher.label] ?? ""))) continue;
    if (!reached.includes(route.receiver)) reached.push(route.receiver);
    if (!route.continue) return reached;
  }
  return reached.length > 0 ? reached : [fallback];
}

function formatLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .filter(([name]) => name !== "alertname")
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`)
    .join(" ");
}

/**
 * Per alert of the stack, the receivers it reaches: with the labels its rule
 * sets, and for each service of the stack file whose alerts route elsewhere
 * (its `service` and labels, as they reach Alertmanager), a line of its own.
 * Written by `npm run render` for review; a change of routing shows there as
 * the alerts whose receivers change.
 */
export function alertRoutesReport(settings: StackSettings, readSpec: SpecReader = readRepositorySpec): string {
  const tree = routeTree(settings.alerting, packRoutes(settings));
  const routes = ((tree["routes"] ?? []) as { receiver: string; matchers: string[]; continue?: boolean }[]).map(
    (route): TreeRoute => ({
      receiver: route.receiver,
      matchers: route.matchers.map(parseMatcher),
      continue: route.continue === true,
    }),
  );
  const withServiceLabels = (labels: Record<string, string>): Record<string, string> => {
    const service = settings.services.find((each) => each.name === labels["service"]);
    return service === undefined ? labels : { ...labels, ...service.labels };
  };
  const lines = new Set<string>();
  for (const shape of stackAlerts(settings, readSpec)) {
    const base = withServiceLabels({ ...shape.fixed });
    const receivers = receiversFor(base, routes, settings.alerting.defaultReceiver);
    lines.add(`${shape.alertname}  ${formatLabels(base)}  → ${receivers.join(", ")}`);
    if ("service" in shape.fixed || !shape.dynamic.names.has("service")) continue;
    for (const service of settings.services) {
      const labels = withServiceLabels({ ...base, service: service.name });
      const own = receiversFor(labels, routes, settings.alerting.defaultReceiver);
      if (own.join() !== receivers.join()) {
        lines.add(`${shape.alertname}  ${formatLabels(labels)}  → ${own.join(", ")}`);
      }
    }
  }
  return (
    "# Which receivers each alert of this stack reaches: Alertmanager's routing applied to the labels its rule\n" +
    "# sets (and, where a service of the stack file routes elsewhere, that service's). Written by npm run render.\n" +
    [...lines].sort().join("\n") +
    "\n"
  );
}
