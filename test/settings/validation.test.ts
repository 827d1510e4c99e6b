import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { packNamed } from "../../model/packs";
import { packSloProblems } from "../../model/packs/slos";
import { SettingsError } from "../../settings/errors";
import { rawConfigFromStackFile } from "../../settings/fromStackFile";
import { parseStack } from "../../model/stack/settings";
import { mergeOverProfile, type RawStackConfig } from "../../settings/validate";
import { stackNames } from "../../scripts/underMocks/stacks";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";

/** A valid prod config that each case below breaks in one way. */
function prodConfig(overrides: Record<string, unknown> = {}, secrets?: string[]): RawStackConfig {
  const values = {
    environment: "prod",
    kubernetes: { ingress: { domain: "obs.example.com" } },
    alerting: {
      receivers: [{ name: "pager", pagerduty: { routingKeySecret: "pagerdutyKey" } }],
      routes: [{ receiver: "pager", matchers: ['severity="critical"'] }],
      defaultReceiver: "pager",
    },
  };
  return {
    stack: "prod",
    values: mergeOverProfile(values, overrides) as Record<string, unknown>,
    secretKeys: new Set(secrets ?? ["pagerdutyKey", "grafanaAdminPassword", "grafanaSecretKey"]),
  };
}

function devConfig(overrides: Record<string, unknown> = {}): RawStackConfig {
  return { stack: "dev", values: { environment: "dev", ...overrides }, secretKeys: new Set() };
}

/** The problems a config produces, as `path: message (got …)` lines. */
function problemsOf(raw: RawStackConfig): string[] {
  try {
    parseStack(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).message.split("\n").slice(1);
  }
  return [];
}

describe("valid configs", () => {
  it("accepts the minimal prod config", () => {
    expect(problemsOf(prodConfig())).toEqual([]);
  });

  it("accepts a Prometheus pin that reloads its rule files by itself, or a digest it cannot read a version from", () => {
    for (const prometheus of [
      "quay.io/prometheus/prometheus:v3.4.0",
      "quay.io/prometheus/prometheus:v3.10.2",
      "registry.example.com/prometheus:4.0.0-rc.1",
      `quay.io/prometheus/prometheus@sha256:${"a".repeat(64)}`,
    ]) {
      expect(problemsOf(prodConfig({ versions: { prometheus } })), prometheus).toEqual([]);
    }
  });

  it("fills the environment's defaults under a stack's own values", () => {
    const settings = parseStack(prodConfig({ prometheus: { retention: { time: "60d" } } }));
    expect(settings.target).toBe("kubernetes");
    expect(settings.prometheus.replicas).toBe(2);
    expect(settings.alertmanager.replicas).toBe(3);
    expect(settings.prometheus.retention).toEqual({ time: "60d", size: "45GB" });
    expect(settings.jaeger.storage.type).toBe("badger");
  });

  it("secures staging and prod by default: a self-signed CA and basic auth with a generated password", () => {
    const settings = parseStack(prodConfig());
    expect(settings.tls).toEqual({ mode: "selfSigned", validityHours: 8760, earlyRenewalHours: 720 });
    expect(settings.auth.basicAuth).toEqual({
      enabled: true,
      username: "observability",
      passwordSecret: "webBasicAuthPassword",
    });
    expect(settings.presentSecrets.has("webBasicAuthPassword")).toBe(false);
  });

  it("gives dev the docker target, one replica and in-memory traces", () => {
    const settings = parseStack(devConfig());
    expect(settings.target).toBe("docker");
    expect(settings.prometheus.replicas).toBe(1);
    expect(settings.jaeger.storage).toEqual({ type: "memory", maxTraces: 100000 });
    expect(settings.exporters.cadvisor).toBe(true);
    expect(settings.exporters.kubeStateMetrics).toBe(false);
  });

  it.each(stackNames)("accepts the committed %s stack once its secrets are set", (stack) => {
    expect(() => parseStack(rawConfigFromStackFile(stack), { assumeSecrets: true })).not.toThrow();
  });

  it("reports the secrets a committed stack needs before they are set", () => {
    const problems = problemsOf(rawConfigFromStackFile("prod"));
    expect(problems).toContain(
      "  - observability:pagerdutyRoutingKey: is a required secret (named by alerting.receivers[1].pagerduty.routingKeySecret); set it with: pulumi config set --secret observability:pagerdutyRoutingKey <value>",
    );
    expect(problems.some((line) => line.includes("observability:grafanaAdminPassword: is a required secret"))).toBe(
      true,
    );
  });
});

describe("each invalid config names the key, the value and the fix", () => {
  const cases: [string, RawStackConfig, string][] = [
    [
      "missing environment",
      { stack: "x", values: {}, secretKeys: new Set() },
      "observability:environment: must be one of dev, staging, prod",
    ],
    [
      "unknown environment",
      devConfig({ environment: "production" }),
      'observability:environment: must be one of dev, staging, prod; it selects the defaults profile. Set it with: pulumi config set observability:environment dev (got "production")',
    ],
    [
      "wrong type",
      prodConfig({ prometheus: { replicas: "two" } }),
      'observability:prometheus.replicas: must be a number, written without quotes (got "two")',
    ],
    [
      "replicas below one",
      devConfig({ alertmanager: { replicas: 0 } }),
      "observability:alertmanager.replicas: must be at least 1 (got 0)",
    ],
    [
      "fractional replicas",
      devConfig({ prometheus: { replicas: 1.5 } }),
      "observability:prometheus.replicas: must be a whole number (got 1.5)",
    ],
    [
      "bad duration",
      devConfig({ prometheus: { scrapeInterval: "15 seconds" } }),
      'observability:prometheus.scrapeInterval: must be a Prometheus duration such as 30s, 5m, 1h30m or 15d (got "15 seconds")',
    ],
    [
      "zero duration",
      devConfig({ prometheus: { scrapeInterval: "0s" } }),
      'observability:prometheus.scrapeInterval: must be longer than zero (got "0s")',
    ],
    [
      "bad retention size",
      devConfig({ prometheus: { retention: { size: "10G" } } }),
      'observability:prometheus.retention.size: must be a size with a unit such as 512MB, 10GB or 1TB (got "10G")',
    ],
    [
      "misspelled nested key",
      devConfig({ prometheus: { replica: 2 } }),
      "observability:prometheus: unknown key 'replica' (did you mean 'replicas'?)",
    ],
    [
      "unknown top-level key",
      devConfig({ grafna: {} }),
      "observability:grafna: unknown config key (did you mean 'grafana'?); remove it with: pulumi config rm observability:grafna",
    ],
    [
      "unknown pack",
      devConfig({ packs: ["redd"] }),
      "observability:packs[0]: unknown pack (did you mean 'red'?); available packs: red",
    ],
    ["duplicate pack", devConfig({ packs: ["red", "red"] }), "observability:packs: name 'red' appears more than once"],
    [
      "unknown receiver in a route",
      prodConfig({ alerting: { routes: [{ receiver: "pagr", matchers: ['severity="critical"'] }] } }),
      "observability:alerting.routes[0].receiver: unknown receiver (did you mean 'pager'?); defined receivers: pager",
    ],
    [
      "unknown default receiver",
      devConfig({ alerting: { defaultReceiver: "slack" } }),
      "observability:alerting.defaultReceiver: unknown receiver",
    ],
    [
      "bad matcher",
      devConfig({ alerting: { routes: [{ receiver: "null", matchers: ["severity=critical"] }] } }),
      'observability:alerting.routes[0].matchers[0]: must be an Alertmanager matcher such as severity="critical"',
    ],
    [
      "duplicate service names",
      devConfig({
        services: [
          { name: "api", targets: ["a:1"] },
          { name: "api", targets: ["b:1"] },
        ],
      }),
      "observability:services: name 'api' appears more than once; names must be unique",
    ],
    [
      "service named like a stack job",
      devConfig({ services: [{ name: "prometheus", targets: ["a:1"] }] }),
      "observability:services[0].name: 'prometheus' is a job name of the stack itself",
    ],
    [
      "service named like an exporter job",
      devConfig({ services: [{ name: "redis-exporter-cache", targets: ["a:1"] }] }),
      "observability:services[0].name: 'redis-exporter-cache' is a job name of the stack itself",
    ],
    [
      "bad service name",
      devConfig({ services: [{ name: "Orders_API", targets: ["a:1"] }] }),
      "observability:services[0].name: must be lower-case letters, digits and '-', starting with a letter (a DNS label) (got \"Orders_API\")",
    ],
    [
      "bad target",
      devConfig({ services: [{ name: "api", targets: ["http://api:8080"] }] }),
      "observability:services[0].targets[0]: must be host:port",
    ],
    [
      "service without targets",
      devConfig({ services: [{ name: "api", targets: [] }] }),
      "observability:services[0].targets: needs at least one host:port target",
    ],
    [
      "timeout above interval",
      devConfig({ services: [{ name: "api", targets: ["a:1"], scrapeInterval: "5s", scrapeTimeout: "10s" }] }),
      "observability:services[0].scrapeTimeout: must not be longer than the scrape interval (5s)",
    ],
    [
      "exporter interval below the scrape timeout",
      devConfig({ exporters: { redis: [{ name: "cache", address: "redis:6379", scrapeInterval: "5s" }] } }),
      "observability:exporters.redis[0].scrapeInterval: must not be shorter than prometheus.scrapeTimeout (10s)",
    ],
    [
      "prod with one Prometheus",
      prodConfig({ prometheus: { replicas: 1 } }),
      "observability:prometheus.replicas: prod runs at least 2 Prometheus replicas",
    ],
    [
      "prod with two Alertmanagers",
      prodConfig({ alertmanager: { replicas: 2 } }),
      "observability:alertmanager.replicas: prod runs at least 3 Alertmanager replicas",
    ],
    [
      "prod without a secret it names",
      prodConfig({}, ["grafanaAdminPassword", "grafanaSecretKey"]),
      "observability:pagerdutyKey: is a required secret (named by alerting.receivers[0].pagerduty.routingKeySecret); set it with: pulumi config set --secret observability:pagerdutyKey <value>",
    ],
    [
      "prod without Grafana's admin password",
      prodConfig({}, ["pagerdutyKey", "grafanaSecretKey"]),
      "observability:grafanaAdminPassword: is a required secret (named by grafana.adminPasswordSecret)",
    ],
    [
      "credential stored in plain text",
      {
        ...prodConfig({}, ["grafanaAdminPassword", "grafanaSecretKey"]),
        values: { ...prodConfig().values, pagerdutyKey: "abc" },
      },
      "observability:pagerdutyKey: holds a credential but is stored in plain text; set it with: pulumi config set --secret observability:pagerdutyKey <value>",
    ],
    [
      "prod without a critical route",
      prodConfig({ alerting: { receivers: [{ name: "null" }], routes: [], defaultReceiver: "null" } }),
      'observability:alerting.routes: prod must send severity="critical" alerts somewhere',
    ],
    ["prod on docker", prodConfig({ target: "docker" }), "observability:target: prod runs on kubernetes"],
    [
      "unknown target",
      devConfig({ target: "nomad" }),
      'observability:target: must be one of docker, kubernetes (got "nomad")',
    ],
    [
      "cadvisor on kubernetes",
      prodConfig({ exporters: { cadvisor: true } }),
      "observability:exporters.cadvisor: on kubernetes the kubelet serves cAdvisor metrics",
    ],
    [
      "kube-state-metrics on docker",
      devConfig({ exporters: { kubeStateMetrics: true } }),
      "observability:exporters.kubeStateMetrics: kube-state-metrics needs a Kubernetes API",
    ],
    [
      "HA on docker",
      devConfig({ prometheus: { replicas: 2 } }),
      "observability:prometheus.replicas: the docker target runs one replica of each component",
    ],
    [
      "ingress without a domain",
      prodConfig({ kubernetes: { ingress: { domain: null } } }),
      "observability:kubernetes.ingress.domain: must be a DNS domain such as obs.example.com (got null)",
    ],
    [
      "ingress domain missing",
      { ...prodConfig(), values: { ...prodConfig().values, kubernetes: {} } },
      "observability:kubernetes.ingress.domain: is required when ingress is enabled",
    ],
    [
      "plain-http remote write in prod",
      prodConfig({ prometheus: { remoteWrite: [{ name: "mimir", url: "http://mimir:9009/api/v1/push" }] } }),
      'observability:prometheus.remoteWrite[0].url: must use https:// in prod (samples and credentials cross the network) (got "http://mimir:9009/api/v1/push")',
    ],
    [
      "unpinned image",
      devConfig({ versions: { grafana: "grafana/grafana:latest" } }),
      'observability:versions.grafana: must be pinned to an exact tag or digest (not latest) (got "grafana/grafana:latest")',
    ],
    [
      "a Prometheus too old to reload its rule files by itself",
      devConfig({ versions: { prometheus: "quay.io/prometheus/prometheus:v2.55.1" } }),
      'observability:versions.prometheus: must be Prometheus 3.4 or newer: older ones do not reload their rule files by themselves, so a rule change would not apply until a restart; pin a tag from v3.4.0 on (got "quay.io/prometheus/prometheus:v2.55.1")',
    ],
    [
      "a Prometheus 3 from before rule files were reloaded live",
      devConfig({ versions: { prometheus: "quay.io/prometheus/prometheus:v3.3.1" } }),
      'observability:versions.prometheus: must be Prometheus 3.4 or newer: older ones do not reload their rule files by themselves, so a rule change would not apply until a restart; pin a tag from v3.4.0 on (got "quay.io/prometheus/prometheus:v3.3.1")',
    ],
    [
      "unknown image name",
      devConfig({ versions: { grafanna: "docker.io/grafana/grafana:12.0.2" } }),
      "observability:versions.grafanna: unknown image 'grafanna'; known images: prometheus, alertmanager, grafana",
    ],
    [
      "unknown tls mode",
      devConfig({ tls: { mode: "letsencrypt" } }),
      "observability:tls.mode: must be one of none, selfSigned, certManager, provided",
    ],
    [
      "prod without TLS",
      prodConfig({ tls: { mode: "none" } }),
      'observability:tls.mode: prod encrypts every hop: use selfSigned, certManager or provided (got "none")',
    ],
    [
      "prod without basic auth",
      prodConfig({ auth: { basicAuth: { enabled: false } } }),
      "observability:auth.basicAuth.enabled: prod requires basic auth on Prometheus, Alertmanager and the exporters (got false)",
    ],
    [
      "cert-manager on docker",
      devConfig({ tls: { mode: "certManager", issuer: { name: "ca" } } }),
      'observability:tls.mode: certManager needs Kubernetes; on docker use none or selfSigned (got "certManager")',
    ],
    [
      "cert-manager without an issuer",
      prodConfig({ tls: { mode: "certManager" } }),
      "observability:tls.issuer: is required: an object with the keys name, kind?, group? (? marks optional keys), e.g. { name: letsencrypt-prod }",
    ],
    [
      "cert-manager duration in days",
      prodConfig({ tls: { mode: "certManager", issuer: { name: "ca" }, duration: "90d" } }),
      'observability:tls.duration: must be whole hours such as 2160h (got "90d")',
    ],
    [
      "provided certificates missing a role",
      prodConfig({ tls: { mode: "provided", secrets: { prometheus: "prom-tls" } } }),
      "observability:tls.secrets.alertmanager: names the kubernetes.io/tls Secret of alertmanager (tls.crt, tls.key, ca.crt); it runs in this stack",
    ],
    [
      "provided certificate for an unknown role",
      prodConfig({ tls: { mode: "provided", secrets: { promethus: "prom-tls" } } }),
      "observability:tls.secrets: unknown key 'promethus' (did you mean 'prometheus'?); allowed keys: prometheus, alertmanager, grafana",
    ],
    [
      "Jaeger proxy on docker",
      devConfig({
        auth: {
          jaegerProxy: {
            issuerUrl: "https://id.example.com",
            authUrl: "https://id.example.com/auth",
            tokenUrl: "https://id.example.com/token",
            apiUrl: "https://id.example.com/userinfo",
            clientId: "jaeger",
            clientSecretSecret: "jaegerClientSecret",
            emailDomains: ["example.com"],
          },
        },
      }),
      "observability:auth.jaegerProxy: the Jaeger UI is only published on 127.0.0.1 on docker; remove auth.jaegerProxy",
    ],
    [
      "Grafana OIDC without its client secret",
      prodConfig({
        auth: {
          grafanaOidc: {
            issuerUrl: "https://id.example.com",
            authUrl: "https://id.example.com/auth",
            tokenUrl: "https://id.example.com/token",
            apiUrl: "https://id.example.com/userinfo",
            clientId: "grafana",
            clientSecretSecret: "grafanaOidcSecret",
          },
        },
      }),
      "observability:grafanaOidcSecret: is a required secret (named by auth.grafanaOidc.clientSecretSecret)",
    ],
    [
      "OIDC with a plain-text URL",
      prodConfig({ auth: { grafanaOidc: { issuerUrl: "id.example.com" } } }),
      'observability:auth.grafanaOidc.issuerUrl: must be an http:// or https:// URL (got "id.example.com")',
    ],
    [
      "external Grafana without its settings",
      devConfig({ grafana: { mode: "external" } }),
      "observability:grafana.external: is required when grafana.mode is external",
    ],
    [
      "setting stored as a secret",
      { ...devConfig(), secretKeys: new Set(["alerting"]) },
      "observability:alerting: is stored as a secret, which hides the whole setting in diffs",
    ],
    [
      "duplicate published port",
      devConfig({ docker: { ports: { grafana: 9090 } } }),
      "observability:docker.ports: port 9090 is published twice",
    ],
    [
      "privileged published port",
      devConfig({ docker: { ports: { grafana: 80 } } }),
      "observability:docker.ports.grafana: must be at least 1024 (got 80)",
    ],
  ];

  it.each(cases)("%s", (_, raw, expected) => {
    const problems = problemsOf(raw);
    expect(problems.length, "the config must be rejected").toBeGreaterThan(0);
    expect(problems.join("\n")).toContain(expected);
  });

  it("reports every problem of a config at once", () => {
    const problems = problemsOf(devConfig({ prometheus: { replicas: 0, scrapeInterval: "soon" }, packs: ["nope"] }));
    // Schema problems do not hide the cross-field ones (the unknown pack).
    expect(problems).toHaveLength(3);
    expect(problems.join("\n")).toContain("prometheus.replicas");
    expect(problems.join("\n")).toContain("prometheus.scrapeInterval");
    expect(problems.join("\n")).toContain("observability:packs[0]: unknown pack");
  });

  it("says nothing was created", () => {
    expect(() => parseStack(devConfig({ prometheus: { replicas: 0 } }))).toThrow(
      "stack 'dev' has 1 config problem; nothing was created:",
    );
  });
});

describe("one pass reports every kind of problem", () => {
  it("checks the rest of the stack against the closest profile when the environment is wrong", () => {
    const problems = problemsOf({
      stack: "prod",
      values: { environment: "prd", prometheus: { replicas: 0 }, alertng: {} },
      secretKeys: new Set(),
    });
    expect(problems[0]).toContain(
      "observability:environment: must be one of dev, staging, prod (did you mean 'prod'?)",
    );
    expect(problems.join("\n")).toContain("observability:prometheus.replicas: must be at least 1 (got 0)");
    expect(problems.join("\n")).toContain("observability:alertng: unknown config key (did you mean 'alerting'?)");
    // Cross-field checks and secrets still run on the rest (prod's own).
    expect(problems.join("\n")).toContain("observability:grafanaAdminPassword: is a required secret");
  });

  it("does not repeat a rejected value's problem through the cross-field checks", () => {
    const problems = problemsOf(prodConfig({ tls: { mode: "certManager", issuer: { name: "Not Valid" } } }));
    expect(problems.filter((line) => line.includes("observability:tls"))).toEqual([
      '  - observability:tls.issuer.name: must be a Kubernetes object name such as prometheus-tls (got "Not Valid")',
    ]);
  });

  it("refuses what Docker or a Kubernetes API server would only refuse half-way through a deployment", () => {
    const problems = problemsOf(
      devConfig({
        prometheus: { resources: { requests: { cpu: "2", memory: "2Gi" }, limits: { cpu: "1", memory: "1Gi" } } },
        grafana: { resources: { requests: { cpu: "1m", memory: "1Mi" }, limits: { cpu: "5m", memory: "4096" } } },
        services: [{ name: "api", targets: ["api:70000"], healthUrl: "http://api:99999/health" }],
      }),
    );
    expect(problems).toEqual([
      '  - observability:services[0].targets[0]: must have a port from 1 to 65535 (got "api:70000")',
      '  - observability:services[0].healthUrl: must be a valid URL such as https://api.example.com/health (check the host and the port, 1 to 65535) (got "http://api:99999/health")',
      '  - observability:prometheus.resources.requests.cpu: must not be above limits.cpu (1); lower the request or raise the limit (got "2")',
      '  - observability:prometheus.resources.requests.memory: must not be above limits.memory (1Gi); lower the request or raise the limit (got "2Gi")',
      '  - observability:grafana.resources.limits.memory: must be a Kubernetes quantity with a unit such as 512Mi, 20Gi or 1Ti (a bare number would be bytes) (got "4096")',
      '  - observability:grafana.resources.limits.cpu: must be at least 10m, the smallest CPU limit Docker and the kernel enforce (got "5m")',
    ]);
  });

  it("keeps the stack name off the error's own trace", () => {
    try {
      parseStack(devConfig({ prometheus: { replicas: 0 } }));
      expect.unreachable();
    } catch (error) {
      expect((error as SettingsError).stackName).toBe("dev");
      expect((error as SettingsError).stack).toContain("SettingsError");
    }
  });
});

describe("SLO spec files of a pack", () => {
  it("reports every problem of every bad file, without throwing", () => {
    const root = makeTempDir("slos");
    try {
      fs.writeFileSync(
        path.join(root, "one.yml"),
        "version: prometheus/v1\nservice: api\nslos: [{name: x, objective: 120}]\n",
      );
      fs.writeFileSync(path.join(root, "two.yml"), "version: [\n");
      const pack = { ...packNamed("hitl"), sloFiles: ["one.yml", "two.yml", "three.yml"] };
      const problems = packSloProblems(pack, root);
      const files = new Set(problems.map((problem) => problem.file));
      expect([...files]).toEqual(["slos/one.yml", "slos/two.yml", "slos/three.yml"]);
      expect(problems.find((problem) => problem.file === "slos/three.yml")?.message).toBe(
        "is missing; pack 'hitl' lists it in sloFiles",
      );
      expect(problems.filter((problem) => problem.file === "slos/one.yml").length).toBeGreaterThan(1);
    } finally {
      removeTempDir(root);
    }
  });
});
