import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { namesCredential, noSecretLiteralsInEnv, noSecretsInConfigMaps } from "../../policy/policies/secrets";
import { checkResource, messages } from "./harness";
import { configMap, grafanaStatefulSet, secret } from "./fixtures";

describe("namesCredential", () => {
  it("recognises credential keys by their last words", () => {
    for (const key of [
      "password",
      "basicAuthPassword",
      "client_secret",
      "api_key",
      "routing_key",
      "GF_SECURITY_ADMIN_PASSWORD",
      "secretKey",
      "auth_token",
    ]) {
      expect(namesCredential(key), key).toBe(true);
    }
  });

  it("leaves keys that point at credentials or merely mention them", () => {
    for (const key of [
      "password_file",
      "credentials_file",
      "bearer_token_file",
      "GF_SECURITY_ADMIN_PASSWORD__FILE",
      "token_url",
      "passwordSecret",
      "routingKeySecret",
      "tokens",
      "basicAuthUser",
    ]) {
      expect(namesCredential(key), key).toBe(false);
    }
  });
});

describe("no-secrets-in-configmaps", () => {
  it("passes the stack's kind of files: password files, $__file references, metric names with token in them", async () => {
    const resource = configMap("config", {
      "prometheus.yml": stringify({
        scrape_configs: [
          {
            job_name: "x",
            basic_auth: { username: "u", password_file: "/etc/prometheus/web/basic-auth-password" },
            authorization: { credentials_file: "/var/run/secrets/kubernetes.io/serviceaccount/token" },
          },
        ],
      }),
      "datasources.yaml": stringify({
        datasources: [
          {
            basicAuthUser: "observability",
            secureJsonData: { basicAuthPassword: "$__file{/etc/grafana/secrets/basic-auth-password}" },
          },
        ],
      }),
      "tokens.rules.yml": stringify({
        groups: [
          {
            name: "tokens",
            rules: [{ alert: "TokenRefreshFailing", expr: "rate(token_refresh_errors_total[5m]) > 0" }],
          },
        ],
      }),
      "dashboard.json": JSON.stringify({ title: "Secrets rotation", panels: [{ title: "token age" }] }),
    });
    expect(await checkResource(noSecretsInConfigMaps, resource)).toEqual([]);
  });

  it("rejects a literal credential under a credential key, and a file named like one", async () => {
    const resource = configMap("config", {
      "alertmanager.yml": stringify({
        receivers: [{ name: "pager", pagerduty_configs: [{ routing_key: "R0UT1NGKEY" }] }],
      }),
      "admin-password": "hunter2hunter2",
    });
    expect(messages(await checkResource(noSecretsInConfigMaps, resource))).toEqual([
      "ConfigMap observability-prod/config: alertmanager.yml: receivers[0].pagerduty_configs[0].routing_key holds a literal credential; move it to a Secret (or reference a file mounted from one)",
      "ConfigMap observability-prod/config: key 'admin-password' is named like a credential; move it to a Secret (or reference a file mounted from one)",
    ]);
  });

  it("rejects values shaped like credentials wherever they are", async () => {
    const resource = configMap("config", {
      "web.yml": stringify({ basic_auth_users: { observability: "$2y$10$" + "a".repeat(53) } }),
      "alertmanager.yml": stringify({ global: { slack_api_url: "https://hooks.slack.com/services/T000/B000/XXXX" } }),
      "remote.yml": stringify({ url: "https://user:pa55word@metrics.example.com/api/v1/write" }),
      "tls.pem": "-----BEGIN EC PRIVATE KEY-----\nMHc=\n-----END EC PRIVATE KEY-----\n",
    });
    expect(
      messages(await checkResource(noSecretsInConfigMaps, resource)).map((message) => message.split(";")[0]),
    ).toEqual([
      "ConfigMap observability-prod/config: web.yml contains a bcrypt password hash",
      "ConfigMap observability-prod/config: alertmanager.yml contains a Slack webhook URL",
      "ConfigMap observability-prod/config: remote.yml contains a URL with a password in it",
      "ConfigMap observability-prod/config: tls.pem contains a PEM private key",
    ]);
  });

  it("reads ini files line by line", async () => {
    const resource = configMap("grafana", {
      "grafana.ini": "[auth.generic_oauth]\nclient_id = grafana\nclient_secret = s3cr3t\n",
    });
    expect(messages(await checkResource(noSecretsInConfigMaps, resource))).toEqual([
      "ConfigMap observability-prod/grafana: grafana.ini: line 3 (client_secret) holds a literal credential; move it to a Secret (or reference a file mounted from one)",
    ]);
  });

  it("leaves Secrets alone: that is where credentials belong", async () => {
    expect(await checkResource(noSecretsInConfigMaps, secret("s", { password: "hunter2" }))).toEqual([]);
  });
});

describe("no-secret-literals-in-env", () => {
  it("passes credentials read from files", async () => {
    const resource = grafanaStatefulSet({ GF_SECURITY_ADMIN_PASSWORD__FILE: "/etc/grafana/secrets/admin-password" });
    expect(await checkResource(noSecretLiteralsInEnv, resource)).toEqual([]);
  });

  it("rejects a credential as a literal env value", async () => {
    const resource = grafanaStatefulSet({ GF_SECURITY_ADMIN_PASSWORD: "admin" });
    expect(messages(await checkResource(noSecretLiteralsInEnv, resource))).toEqual([
      "StatefulSet observability-prod/grafana: containers 'grafana' sets GF_SECURITY_ADMIN_PASSWORD to a literal value; use valueFrom.secretKeyRef or GF_SECURITY_ADMIN_PASSWORD__FILE with a mounted Secret",
    ]);
  });
});
