import type { Receiver } from "../../settings/schema";
import { secretToken } from "../secrets";

/**
 * PagerDuty's severity when the stack does not fix one: the alert's own
 * `severity` label (critical, warning and info are PagerDuty severities too),
 * else PagerDuty's `error`.
 */
const severityFromLabels = '{{ or .CommonLabels.severity "error" }}';

/** Slack message body: what an on-call person needs first, with the runbook one click away. */
const slackText =
  "{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\n" +
  "Runbook: {{ .Annotations.runbook_url }}\n{{ end }}";

/**
 * One receiver of alertmanager.yml. Credentials appear as secret tokens
 * standing alone as scalars; the component fills them and the file is
 * stored as a Secret.
 */
export function receiverEntry(receiver: Receiver): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: receiver.name };
  if (receiver.pagerduty !== undefined) {
    entry["pagerduty_configs"] = [
      {
        routing_key: secretToken(receiver.pagerduty.routingKeySecret),
        severity: receiver.pagerduty.severity ?? severityFromLabels,
        send_resolved: true,
      },
    ];
  }
  if (receiver.slack !== undefined) {
    const slack: Record<string, unknown> = { api_url: secretToken(receiver.slack.webhookUrlSecret) };
    if (receiver.slack.channel !== undefined) slack["channel"] = receiver.slack.channel;
    entry["slack_configs"] = [{ ...slack, send_resolved: true, text: slackText }];
  }
  if (receiver.email !== undefined) {
    const { email } = receiver;
    const config: Record<string, unknown> = { to: email.to, from: email.from, smarthost: email.smarthost };
    if (email.authUsername !== undefined) config["auth_username"] = email.authUsername;
    if (email.authPasswordSecret !== undefined) config["auth_password"] = secretToken(email.authPasswordSecret);
    config["require_tls"] = email.requireTls;
    config["send_resolved"] = true;
    entry["email_configs"] = [config];
  }
  if (receiver.webhook !== undefined) {
    entry["webhook_configs"] = [
      { url: secretToken(receiver.webhook.urlSecret), send_resolved: receiver.webhook.sendResolved },
    ];
  }
  return entry;
}
