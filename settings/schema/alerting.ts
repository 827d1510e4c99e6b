import { z } from "zod";
import {
  dnsLabel,
  duration,
  emailAddress,
  groupingLabel,
  hostPort,
  httpUrl,
  labelName,
  matcher,
  quantity,
  secretKeyName,
  text,
} from "../formats";
import { replicas, resources } from "./workloads";
import { runsOnKubernetes, type Environment } from "./environments";

/** Alertmanager and the alerting tree: receivers, routes, inhibitions. */

export const alertmanager = z.strictObject({
  replicas,
  storageSize: quantity,
  resources,
});

const pagerduty = z.strictObject({
  /** Config key holding the Events API v2 routing key. */
  routingKeySecret: secretKeyName,
  /** Override the PagerDuty severity; by default the alert's `severity` label. */
  severity: z.enum(["critical", "error", "warning", "info"]).optional(),
});

const slack = z.strictObject({
  /** Config key holding the incoming-webhook URL. */
  webhookUrlSecret: secretKeyName,
  channel: z
    .string()
    .regex(/^[#@]?[\w.-]+$/, "must be a Slack channel such as #alerts")
    .optional(),
});

const email = z.strictObject({
  to: emailAddress,
  from: emailAddress,
  /** SMTP server as host:port. */
  smarthost: hostPort,
  authUsername: text("alerts@example.com").optional(),
  /** Config key holding the SMTP password. */
  authPasswordSecret: secretKeyName.optional(),
  requireTls: z.boolean().default(true),
});

const webhook = z.strictObject({
  /** Config key holding the URL (webhook URLs often carry a token). */
  urlSecret: secretKeyName,
  sendResolved: z.boolean().default(true),
});

const receiver = z.strictObject({
  name: dnsLabel,
  pagerduty: pagerduty.optional(),
  slack: slack.optional(),
  email: email.optional(),
  webhook: webhook.optional(),
});
export type Receiver = z.infer<typeof receiver>;

const route = z.strictObject({
  receiver: dnsLabel,
  matchers: z.array(matcher).min(1, "needs at least one matcher; use defaultReceiver for a catch-all"),
  groupBy: z.array(groupingLabel).optional(),
  groupWait: duration.optional(),
  groupInterval: duration.optional(),
  repeatInterval: duration.optional(),
  /** Keep matching later routes after this one (send to several receivers). */
  continue: z.boolean().default(false),
});
export type Route = z.infer<typeof route>;

const inhibition = z.strictObject({
  sourceMatchers: z.array(matcher).min(1),
  targetMatchers: z.array(matcher).min(1),
  equal: z.array(labelName).default([]),
});
export type Inhibition = z.infer<typeof inhibition>;

export const alerting = z.strictObject({
  receivers: z.array(receiver),
  routes: z.array(route),
  /** Receiver for alerts no route matches. */
  defaultReceiver: dnsLabel,
  groupBy: z.array(groupingLabel),
  groupWait: duration,
  groupInterval: duration,
  repeatInterval: duration,
  inhibitions: z.array(inhibition),
  /**
   * Where the runbooks are published (e.g. your fork's docs/runbooks on your
   * Git host); rule files link `docs/runbooks/<pack>/<Alert>.md` and the
   * link is rewritten to `<runbookBaseUrl>/<pack>/<Alert>.md` when this is set.
   */
  runbookBaseUrl: httpUrl.optional(),
});
export type Alerting = z.infer<typeof alerting>;

/** Alertmanager's defaults in one environment (see profiles.ts). */
export function alertmanagerDefaults(environment: Environment) {
  return {
    replicas: runsOnKubernetes(environment) ? 3 : 1,
    storageSize: "2Gi",
    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "256Mi" } },
  };
}

/** Alert routing's defaults, the same in every environment (see profiles.ts). */
export function alertingDefaults() {
  return {
    receivers: [{ name: "null" }],
    routes: [],
    defaultReceiver: "null",
    groupBy: ["alertname", "service", "severity"],
    groupWait: "30s",
    groupInterval: "5m",
    repeatInterval: "4h",
    // A critical alert makes the warning of the same alert noise.
    inhibitions: [
      {
        sourceMatchers: ['severity="critical"'],
        targetMatchers: ['severity=~"warning|info"'],
        // instance too: two replicas or hosts raising the same alert at two
        // severities are two problems, not one.
        equal: ["alertname", "service", "instance"],
      },
    ],
  };
}
