import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { stackPacks } from "../../model/packs/forStack";
import { alertmanagerConfig, alertmanagerPaths, alertmanagerWorkload } from "../../model/alertmanager";
import { fillSecrets, secretKeysIn, secretToken } from "../../model/secrets";
import type { ResolvedSettings } from "../../settings/validate";
import { stackSettings } from "../../scripts/underMocks/stacks";

const dev = stackSettings("dev");
const staging = stackSettings("staging");
const prod = stackSettings("prod");

function configFile(settings: ResolvedSettings) {
  const file = alertmanagerWorkload(settings).files.find((spec) => spec.path === alertmanagerPaths.config);
  if (file === undefined) throw new Error("no alertmanager.yml");
  return file;
}

describe("alertmanager.yml", () => {
  it("routes by the stack's defaults and routes, in order, with continue only where set", () => {
    expect(alertmanagerConfig(prod)["route"]).toEqual({
      receiver: "team-slack",
      group_by: ["alertname", "service", "severity"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [
        { receiver: "pager", matchers: ['severity="critical"'], repeat_interval: "1h", continue: true },
        { receiver: "team-slack", matchers: ['severity=~"critical|warning"'], repeat_interval: "6h" },
        { receiver: "team-email", matchers: ['severity="info"'], repeat_interval: "24h" },
      ],
    });
  });

  it("sends everything to the default receiver when there are no routes", () => {
    const route = alertmanagerConfig(dev)["route"] as Record<string, unknown>;
    expect(route["receiver"]).toBe("null");
    expect(route).not.toHaveProperty("routes");
  });

  it("writes each receiver's credentials as standalone secret tokens", () => {
    expect(alertmanagerConfig(prod)["receivers"]).toEqual([
      { name: "null" },
      {
        name: "pager",
        pagerduty_configs: [
          {
            routing_key: secretToken("pagerdutyRoutingKey"),
            severity: '{{ or .CommonLabels.severity "error" }}',
            send_resolved: true,
          },
        ],
      },
      {
        name: "team-slack",
        slack_configs: [
          expect.objectContaining({ api_url: secretToken("slackWebhookUrl"), channel: "#alerts", send_resolved: true }),
        ],
      },
      {
        name: "team-email",
        email_configs: [
          {
            to: "oncall@example.com",
            from: "alertmanager@example.com",
            smarthost: "smtp.example.com:587",
            auth_username: "alertmanager@example.com",
            auth_password: secretToken("smtpPassword"),
            require_tls: true,
            send_resolved: true,
          },
        ],
      },
    ]);
  });

  it("writes webhooks and a fixed PagerDuty severity", () => {
    const settings: ResolvedSettings = {
      ...dev,
      alerting: {
        ...dev.alerting,
        receivers: [
          { name: "hook", webhook: { urlSecret: "hookUrl", sendResolved: false } },
          { name: "pd", pagerduty: { routingKeySecret: "pdKey", severity: "critical" } },
        ],
      },
    };
    expect(alertmanagerConfig(settings)["receivers"]).toEqual([
      { name: "hook", webhook_configs: [{ url: secretToken("hookUrl"), send_resolved: false }] },
      {
        name: "pd",
        pagerduty_configs: [{ routing_key: secretToken("pdKey"), severity: "critical", send_resolved: true }],
      },
    ]);
  });

  it("turns the stack's inhibitions into source/target matchers, then the packs' narrowed to each pack", () => {
    const rules = alertmanagerConfig(staging)["inhibit_rules"] as Record<string, string[]>[];
    expect(rules[0]).toEqual({
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity=~"warning|info"'],
      equal: ["alertname", "service", "instance"],
    });
    const packRules = rules.slice(1);
    expect(packRules.length).toBe(stackPacks(staging).flatMap((pack) => pack.inhibitions).length);
    for (const rule of packRules) {
      const pack = /^pack="(.+)"$/.exec(rule["source_matchers"][0])?.[1];
      expect(pack, JSON.stringify(rule)).toBeDefined();
      expect(rule["target_matchers"][0]).toBe(`pack="${pack}"`);
    }
    const none: ResolvedSettings = {
      ...dev,
      alerting: { ...dev.alerting, inhibitions: [] },
      exporters: { ...dev.exporters, nodeExporter: false, blackbox: false },
    };
    const remaining = stackPacks(none).flatMap((pack) => pack.inhibitions).length;
    if (remaining === 0) expect(alertmanagerConfig(none)).not.toHaveProperty("inhibit_rules");
  });

  it("is shipped with yaml escaping and names exactly the receivers' secrets", () => {
    const file = configFile(prod);
    expect(file.secretEscaping).toBe("yaml");
    expect(secretKeysIn(file.content)).toEqual(["pagerdutyRoutingKey", "slackWebhookUrl", "smtpPassword"]);
    expect(secretKeysIn(configFile(dev).content)).toEqual([]);
  });

  it("keeps any secret value intact and the document's structure unchanged once filled", () => {
    const file = configFile(prod);
    const expected = alertmanagerConfig(prod);
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (routingKey, slackUrl, password) => {
        const filled = parse(
          fillSecrets(file, { pagerdutyRoutingKey: routingKey, slackWebhookUrl: slackUrl, smtpPassword: password }),
        ) as Record<string, unknown>;
        const receivers = filled["receivers"] as Record<string, { [key: string]: unknown }[]>[];
        expect(receivers[1]["pagerduty_configs"][0]["routing_key"]).toBe(routingKey);
        expect(receivers[2]["slack_configs"][0]["api_url"]).toBe(slackUrl);
        expect(receivers[3]["email_configs"][0]["auth_password"]).toBe(password);
        expect(filled["route"]).toEqual(expected["route"]);
        expect(filled["inhibit_rules"]).toEqual(expected["inhibit_rules"]);
      }),
      { numRuns: 50 },
    );
  });
});

describe("the Alertmanager workload", () => {
  it("runs alone on Docker with gossip turned off", () => {
    const workload = alertmanagerWorkload(dev);
    expect(workload.args).toEqual([
      "--config.file=/etc/alertmanager/alertmanager.yml",
      "--storage.path=/alertmanager",
      "--web.external-url=http://127.0.0.1:9093/",
      "--cluster.listen-address=",
    ]);
    expect(workload.peers).toBeUndefined();
    expect(workload.identityEnv).toBeUndefined();
    expect(workload.ports).toEqual([{ name: "http", port: 9093, protocol: "TCP", publishAs: "alertmanager" }]);
    expect(workload.allowFrom).toEqual([{ ports: ["http"], from: ["prometheus", "grafana", "ingress"] }]);
  });

  it("forms a gossip cluster of every replica on Kubernetes", () => {
    const workload = alertmanagerWorkload(prod);
    const peers = [0, 1, 2].map(
      (index) => `--cluster.peer=alertmanager-${index}.alertmanager-headless.observability-prod.svc:9094`,
    );
    expect(workload.args).toEqual([
      "--config.file=/etc/alertmanager/alertmanager.yml",
      "--storage.path=/alertmanager",
      "--web.external-url=https://alertmanager.obs.example.com/",
      "--cluster.listen-address=0.0.0.0:9094",
      "--cluster.advertise-address=$(POD_IP):9094",
      ...peers,
      "--cluster.tls-config=/etc/alertmanager/cluster/tls.yml",
      "--web.config.file=/etc/alertmanager/web/web.yml",
    ]);
    expect(workload.identityEnv).toEqual({ POD_IP: "address" });
    expect(workload.peers).toEqual({ port: "cluster" });
    expect(workload.ports).toEqual([
      { name: "http", port: 9093, protocol: "TCP", publishAs: "alertmanager" },
      { name: "cluster", port: 9094, protocol: "TCP" },
      { name: "cluster-udp", port: 9094, protocol: "UDP" },
    ]);
    expect(workload.allowFrom).toContainEqual({ ports: ["cluster", "cluster-udp"], from: ["alertmanager"] });
  });

  it("does not cluster a single replica on Kubernetes", () => {
    const settings: ResolvedSettings = { ...staging, alertmanager: { ...staging.alertmanager, replicas: 1 } };
    const workload = alertmanagerWorkload(settings);
    expect(workload.args).toContain("--cluster.listen-address=");
    expect(workload.peers).toBeUndefined();
    expect(workload.ports.map((port) => port.name)).toEqual(["http"]);
  });

  it("is a stateful, unprivileged workload with a data volume, health checks and a UI", () => {
    expect(alertmanagerWorkload(dev)).toMatchObject({
      health: {
        liveness: {
          path: "/-/healthy",
          port: "http",
          command: ["wget", "-q", "--spider", "http://127.0.0.1:9093/-/healthy"],
        },
        readiness: {
          path: "/-/ready",
          port: "http",
          command: ["wget", "-q", "--spider", "http://127.0.0.1:9093/-/ready"],
        },
      },
    });
    expect(alertmanagerWorkload(staging)).toMatchObject({
      role: "alertmanager",
      kind: "stateful",
      image: "quay.io/prometheus/alertmanager:v0.28.1",
      replicas: 3,
      user: { uid: 65534, gid: 65534 },
      dataVolume: { mountPath: "/alertmanager", size: "2Gi" },
      health: {
        liveness: { path: "/-/healthy", port: "http", scheme: "HTTPS" },
        readiness: { path: "/-/ready", port: "http", scheme: "HTTPS" },
      },
      ui: { port: "http", host: "alertmanager.obs.staging.example.com" },
    });
  });
});
