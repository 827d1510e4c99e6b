import type { StackSettings } from "./schema";

/** A place in the settings that names a secret config key. */
export interface SecretReference {
  /** The secret config key, e.g. `pagerdutyRoutingKey`. */
  readonly key: string;
  /** The setting that names it, e.g. `alerting.receivers[0].pagerduty.routingKeySecret`. */
  readonly usedBy: string;
  /**
   * `required`: the stack cannot work without it; `generated`: created once
   * and kept in state when absent (Grafana's admin password and secret_key in dev).
   */
  readonly whenAbsent: "required" | "generated";
}

/** Every secret config key the settings refer to, in a stable order. */
export function secretReferences(settings: StackSettings): SecretReference[] {
  const refs: SecretReference[] = [];
  const add = (key: string | undefined, usedBy: string, whenAbsent: SecretReference["whenAbsent"] = "required") => {
    if (key !== undefined) refs.push({ key, usedBy, whenAbsent });
  };

  if (settings.grafana.mode === "deploy") {
    // Dev may run with a generated admin password (exported as a secret
    // output); a shared environment states the password people log in with.
    // The secret_key only encrypts Grafana's own data: generated once and
    // kept in state unless the stack sets one.
    add(
      settings.grafana.adminPasswordSecret,
      "grafana.adminPasswordSecret",
      settings.environment === "dev" ? "generated" : "required",
    );
    add(settings.grafana.secretKeySecret, "grafana.secretKeySecret", "generated");
  } else {
    add(settings.grafana.external?.authSecret, "grafana.external.authSecret");
  }
  if (settings.auth.basicAuth.enabled) {
    // Generated in every environment: every client of the stack is the stack
    // itself, so nobody needs to type it; it is exported as a secret output.
    add(settings.auth.basicAuth.passwordSecret, "auth.basicAuth.passwordSecret", "generated");
  }
  add(settings.auth.grafanaOidc?.clientSecretSecret, "auth.grafanaOidc.clientSecretSecret");
  if (settings.auth.jaegerProxy !== undefined) {
    add(settings.auth.jaegerProxy.clientSecretSecret, "auth.jaegerProxy.clientSecretSecret");
    add(settings.auth.jaegerProxy.cookieSecretSecret, "auth.jaegerProxy.cookieSecretSecret", "generated");
  }
  settings.alerting.receivers.forEach((receiver, index) => {
    const at = `alerting.receivers[${index}]`;
    add(receiver.pagerduty?.routingKeySecret, `${at}.pagerduty.routingKeySecret`);
    add(receiver.slack?.webhookUrlSecret, `${at}.slack.webhookUrlSecret`);
    add(receiver.email?.authPasswordSecret, `${at}.email.authPasswordSecret`);
    add(receiver.webhook?.urlSecret, `${at}.webhook.urlSecret`);
  });
  settings.prometheus.remoteWrite.forEach((endpoint, index) => {
    add(endpoint.basicAuth?.passwordSecret, `prometheus.remoteWrite[${index}].basicAuth.passwordSecret`);
    add(endpoint.bearerTokenSecret, `prometheus.remoteWrite[${index}].bearerTokenSecret`);
  });
  settings.exporters.postgres.forEach((db, index) => add(db.dsnSecret, `exporters.postgres[${index}].dsnSecret`));
  settings.exporters.redis.forEach((redis, index) =>
    add(redis.passwordSecret, `exporters.redis[${index}].passwordSecret`),
  );
  if (settings.jaeger.enabled && "passwordSecret" in settings.jaeger.storage) {
    add(settings.jaeger.storage.passwordSecret, "jaeger.storage.passwordSecret");
  }
  return refs;
}
