import type { ResolvedSettings } from "../../settings/validate";
import { packInhibitRules, packRoutes } from "./packRouting";
import { receiverEntry } from "./receivers";
import { inhibitRule, routeTree } from "./routes";

/**
 * The alertmanager.yml document, with secret tokens where receivers need
 * credentials (serialise it with the `yaml` package and mark the file
 * `secretEscaping: "yaml"`).
 */
export function alertmanagerConfig(settings: ResolvedSettings): Record<string, unknown> {
  const { alerting } = settings;
  const config: Record<string, unknown> = {
    // How long an alert without updates stays firing; Prometheus resends far more often.
    global: { resolve_timeout: "5m" },
    route: routeTree(alerting, packRoutes(settings)),
    receivers: alerting.receivers.map(receiverEntry),
  };
  const inhibitRules = [...alerting.inhibitions.map(inhibitRule), ...packInhibitRules(settings)];
  if (inhibitRules.length > 0) config["inhibit_rules"] = inhibitRules;
  return config;
}
