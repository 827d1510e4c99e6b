import { closest, problemAt, type SettingsProblem } from "../errors";
import type { StackSettings } from "../schema";

/** The default receiver and every route name a receiver the stack defines. */
export function receiverReferenceProblems(settings: StackSettings): SettingsProblem[] {
  const receiverNames = settings.alerting.receivers.map((r) => r.name);
  const references = [
    ["alerting.defaultReceiver", settings.alerting.defaultReceiver],
    ...settings.alerting.routes.map((route, index) => [`alerting.routes[${index}].receiver`, route.receiver] as const),
  ] as const;
  return references
    .filter(([, name]) => !receiverNames.includes(name))
    .map(([path, name]) => {
      const hint = closest(name, receiverNames);
      return problemAt(
        path,
        `unknown receiver${hint ? ` (did you mean '${hint}'?)` : ""}; defined receivers: ${receiverNames.join(", ")}`,
        name,
      );
    });
}

/** Prod sends critical alerts to a receiver that notifies someone. */
export function criticalRouteProblems(settings: StackSettings): SettingsProblem[] {
  if (settings.environment !== "prod") return [];
  const notifying = (name: string) => {
    const receiver = settings.alerting.receivers.find((r) => r.name === name);
    return (
      receiver !== undefined && Boolean(receiver.pagerduty ?? receiver.slack ?? receiver.email ?? receiver.webhook)
    );
  };
  const criticalRouted =
    notifying(settings.alerting.defaultReceiver) ||
    settings.alerting.routes.some(
      (route) => notifying(route.receiver) && route.matchers.some((m) => /severity\s*=~?\s*"[^"]*critical/.test(m)),
    );
  return criticalRouted
    ? []
    : [
        problemAt(
          "alerting.routes",
          'prod must send severity="critical" alerts somewhere: add a receiver with pagerduty, slack, email or webhook and a route with matchers [severity="critical"] to it',
        ),
      ];
}
