import { rawConfigFromStackFile } from "../../settings/fromStackFile";

/**
 * The change of docs/how-to/add-a-service-with-an-slo.md, on the committed
 * prod stack file: a team's service with its SLOs, its Slack receiver and
 * its route. Tests that follow the how-to build on these.
 */

/** The service entry of the how-to: its metrics label the status code `code`. */
export const inventoryService = {
  name: "inventory-api",
  targets: ["inventory-api.apps.svc:8080"],
  labels: { team: "inventory" },
  metrics: { statusLabel: "code" },
  slos: [
    { type: "availability", objective: 99.5 },
    { type: "latency", objective: 99, thresholdSeconds: 0.5, period: "7d" },
  ],
};

/** The committed prod file's alerting with the team's receiver and its route before the catch-all chat route. */
export function alertingWithTeamRoute(): Record<string, unknown> {
  const committed = rawConfigFromStackFile("prod").values["alerting"] as {
    receivers: unknown[];
    routes: unknown[];
  };
  const [pager, ...rest] = committed.routes;
  return {
    ...committed,
    receivers: [
      ...committed.receivers,
      { name: "inventory-slack", slack: { webhookUrlSecret: "inventorySlackWebhookUrl", channel: "#inventory" } },
    ],
    routes: [pager, { receiver: "inventory-slack", matchers: ['service="inventory-api"'] }, ...rest],
  };
}
