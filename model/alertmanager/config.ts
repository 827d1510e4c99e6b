import type { ResolvedSettings } from "../../settings/validate";
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
    route: routeTree(alerting),
    receivers: alerting.receivers.map(receiverEntry),
  };
  if (alerting.inhibitions.length > 0) config["inhibit_rules"] = alerting.inhibitions.map(inhibitRule);
  return config;
}
