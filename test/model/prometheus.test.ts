import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { stackPacks } from "../../model/packs/forStack";
import { deployedRuleFileName, sloRuleFileName } from "../../model/prometheus/ruleFiles";
import { prometheusConfig, prometheusPaths, prometheusWorkload } from "../../model/prometheus";
import { serviceLabelRelabels } from "../../model/prometheus/alerting";
import { secretKeysIn, secretToken } from "../../model/secrets";
import type { ResolvedSettings } from "../../settings/validate";
import { defaultServiceMetrics } from "../../settings/schema";
import { scaleSettings } from "../../scripts/underMocks/scaleStack";
import { settingsWith, stackSettings } from "../../scripts/underMocks/stacks";

interface Job {
  job_name: string;
  static_configs?: { targets: string[]; labels?: Record<string, string> }[];
  kubernetes_sd_configs?: { role: string; namespaces?: { names: string[] } }[];
  relabel_configs?: {
    source_labels?: string[];
    target_label?: string;
    replacement?: string;
    regex?: string;
    action?: string;
  }[];
  [key: string]: unknown;
}

function jobs(settings: ResolvedSettings): Job[] {
  return prometheusConfig(settings)["scrape_configs"] as Job[];
}

function job(settings: ResolvedSettings, name: string): Job {
  const found = jobs(settings).find((candidate) => candidate.job_name === name);
  if (found === undefined) throw new Error(`no job ${name}`);
  return found;
}

function jobNames(settings: ResolvedSettings): string[] {
  return jobs(settings).map((candidate) => candidate.job_name);
}

const dev = settingsWith("dev", {
  services: [
    {
      name: "example-api",
      targets: ["host.docker.internal:8080"],
      healthUrl: "http://host.docker.internal:8080/health",
      labels: { team: "platform" },
    },
  ],
});
const staging = stackSettings("staging");
const prod = stackSettings("prod");

describe("prometheus.yml on Docker (dev)", () => {
  const config = prometheusConfig(dev);

  it("takes global intervals from the settings and adds no replica label", () => {
    expect(config["global"]).toEqual({ scrape_interval: "15s", scrape_timeout: "10s", evaluation_interval: "15s" });
  });

  it("loads the rule directory and notifies the one Alertmanager, giving alerts about a service its labels", () => {
    expect(config["rule_files"]).toEqual(["/etc/prometheus/rules/*.yml"]);
    expect(config["alerting"]).toEqual({
      alert_relabel_configs: serviceLabelRelabels(dev),
      alertmanagers: [{ static_configs: [{ targets: ["alertmanager:9093"] }] }],
    });
    expect(serviceLabelRelabels(dev)).toContainEqual({
      source_labels: ["service"],
      regex: "example-api",
      target_label: "team",
      replacement: "platform",
    });
  });

  it("gives services that share a label value one relabel rule, so 1,000 services in 25 teams need 25", () => {
    const shared = serviceLabelRelabels({
      services: [
        { ...dev.services[0], name: "orders-api", labels: { team: "shop", tier: "1" } },
        { ...dev.services[0], name: "cart-api", labels: { team: "shop", tier: "2" } },
        { ...dev.services[0], name: "billing-api", labels: { team: "money$", tier: "1" } },
      ],
    });
    expect(shared).toEqual([
      { source_labels: ["service"], regex: "orders-api|cart-api", target_label: "team", replacement: "shop" },
      { source_labels: ["service"], regex: "billing-api", target_label: "team", replacement: "money$$" },
      { source_labels: ["service"], regex: "orders-api|billing-api", target_label: "tier", replacement: "1" },
      { source_labels: ["service"], regex: "cart-api", target_label: "tier", replacement: "2" },
    ]);
    const atScale = serviceLabelRelabels(scaleSettings("prod", 1000, 0));
    expect(atScale).toHaveLength(25);
    // Every service is named in exactly one rule per label.
    const named = atScale.flatMap((rule) => String(rule["regex"]).split("|"));
    expect(new Set(named).size).toBe(1000);
    expect(named).toHaveLength(1000);
  });

  it("scrapes the stack, node-exporter and cAdvisor by container name, and nothing Kubernetes", () => {
    expect(jobNames(dev)).toEqual([
      "prometheus",
      "alertmanager",
      "grafana",
      "jaeger",
      "blackbox-exporter",
      "node-exporter",
      "cadvisor",
      "blackbox",
      "example-api",
    ]);
    expect(job(dev, "jaeger").static_configs).toEqual([{ targets: ["jaeger:8888"] }]);
    expect(job(dev, "node-exporter").static_configs).toEqual([{ targets: ["node-exporter:9100"] }]);
    expect(job(dev, "cadvisor").static_configs).toEqual([{ targets: ["cadvisor:8080"] }]);
  });

  it("scrapes a monitored service with its labels plus service", () => {
    expect(job(dev, "example-api")).toEqual({
      job_name: "example-api",
      metrics_path: "/metrics",
      scheme: "http",
      static_configs: [
        { targets: ["host.docker.internal:8080"], labels: { team: "platform", service: "example-api" } },
      ],
    });
  });

  it("probes health URLs through the blackbox exporter with the http_2xx module", () => {
    const probe = job(dev, "blackbox");
    expect(probe["metrics_path"]).toBe("/probe");
    expect(probe["params"]).toEqual({ module: ["http_2xx"] });
    expect(probe.static_configs).toEqual([
      { targets: ["http://host.docker.internal:8080/health"], labels: { team: "platform", service: "example-api" } },
    ]);
    expect(probe.relabel_configs?.at(-1)).toEqual({
      target_label: "__address__",
      replacement: "blackbox-exporter:9115",
    });
  });
});

describe.each([
  ["staging", staging],
  ["prod", prod],
] as const)("prometheus.yml on Kubernetes (%s)", (stack, settings) => {
  const config = prometheusConfig(settings);
  const namespace = `observability-${stack}`;

  it("labels each replica with its pod name, expanded by Prometheus", () => {
    expect((config["global"] as Record<string, unknown>)["external_labels"]).toEqual({
      cluster: stack,
      replica: "${POD_NAME}",
    });
  });

  it("notifies every Alertmanager replica and drops the replica label from alerts", () => {
    expect(config["alerting"]).toEqual({
      alert_relabel_configs: [{ action: "labeldrop", regex: "replica" }, ...serviceLabelRelabels(settings)],
      alertmanagers: [
        {
          // Over TLS verified against the stack CA, with the stack's basic-auth user.
          scheme: "https",
          tls_config: { ca_file: "/etc/tls/prometheus/ca.crt" },
          basic_auth: { username: "observability", password_file: "/etc/prometheus/web/basic-auth-password" },
          static_configs: [
            {
              targets: [0, 1, 2].map((index) => `alertmanager-${index}.alertmanager-headless.${namespace}.svc:9093`),
            },
          ],
        },
      ],
    });
  });

  it("scrapes every Prometheus replica by its stable name", () => {
    expect(job(settings, "prometheus").static_configs).toEqual([
      {
        targets: [0, 1].map((index) => `prometheus-${index}.prometheus-headless.${namespace}.svc:9090`),
      },
    ]);
  });

  it("has the Kubernetes jobs and no Docker cAdvisor", () => {
    expect(jobNames(settings)).toEqual(
      expect.arrayContaining(["kube-state-metrics", "node-exporter", "kubernetes-cadvisor", "kubernetes-pods"]),
    );
    expect(jobNames(settings)).not.toContain("cadvisor");
    expect(job(settings, "kube-state-metrics")["honor_labels"]).toBe(true);
  });

  it("finds node-exporter through its Service in the host namespace", () => {
    const nodeExporter = job(settings, "node-exporter");
    expect(nodeExporter.kubernetes_sd_configs).toEqual([
      { role: "endpointslice", namespaces: { names: [`${namespace}-host`] } },
    ]);
    expect(nodeExporter.relabel_configs?.[0]).toEqual({
      source_labels: ["__meta_kubernetes_service_name"],
      regex: "node-exporter",
      action: "keep",
    });
  });

  it("reads the kubelet's cAdvisor through the API server proxy with the service account", () => {
    const cadvisor = job(settings, "kubernetes-cadvisor");
    expect(cadvisor["scheme"]).toBe("https");
    expect(cadvisor["authorization"]).toEqual({
      credentials_file: "/var/run/secrets/kubernetes.io/serviceaccount/token",
    });
    expect(cadvisor.relabel_configs).toContainEqual({
      source_labels: ["__meta_kubernetes_node_name"],
      target_label: "__metrics_path__",
      replacement: "/api/v1/nodes/$1/proxy/metrics/cadvisor",
    });
  });

  it("discovers annotated pods in the configured namespaces", () => {
    const pods = job(settings, "kubernetes-pods");
    expect(pods.kubernetes_sd_configs).toEqual([{ role: "pod", namespaces: { names: ["apps"] } }]);
    const relabels = pods.relabel_configs ?? [];
    expect(relabels[0]).toEqual({
      source_labels: ["__meta_kubernetes_pod_annotation_prometheus_io_scrape"],
      regex: "true",
      action: "keep",
    });
    const targets = relabels.map((relabel) => relabel.target_label);
    expect(targets).toEqual(expect.arrayContaining(["__scheme__", "__metrics_path__", "__address__"]));
  });

  it("uses in-cluster service names for single-instance workloads", () => {
    expect(job(settings, "grafana").static_configs).toEqual([{ targets: [`grafana.${namespace}.svc:3000`] }]);
    expect(job(settings, "blackbox").relabel_configs?.at(-1)?.replacement).toBe(
      `blackbox-exporter.${namespace}.svc:9115`,
    );
  });
});

describe("prometheus.yml follows the settings", () => {
  it("discovers pods in every namespace when none are listed", () => {
    const settings: ResolvedSettings = {
      ...staging,
      kubernetes: { ...staging.kubernetes, serviceDiscovery: { namespaces: [] } },
    };
    expect(job(settings, "kubernetes-pods").kubernetes_sd_configs).toEqual([{ role: "pod" }]);
  });

  it("leaves out Grafana in external mode, Jaeger when disabled and the probe without health URLs", () => {
    const settings: ResolvedSettings = {
      ...dev,
      grafana: {
        ...dev.grafana,
        mode: "external",
        external: {
          url: "https://grafana.example.com",
          authSecret: "grafanaToken",
          datasourceUrls: { prometheus: "https://prom.example.com", alertmanager: "https://am.example.com" },
          folder: "Observability",
        },
      },
      jaeger: { ...dev.jaeger, enabled: false },
      services: dev.services.map((service) => ({ ...service, healthUrl: undefined })),
    };
    expect(jobNames(settings)).not.toEqual(expect.arrayContaining(["grafana"]));
    expect(jobNames(settings)).not.toContain("jaeger");
    expect(jobNames(settings)).not.toContain("blackbox");
    expect(jobNames(settings)).toContain("example-api");
  });

  it("scrapes one postgres and one redis exporter per instance", () => {
    const settings: ResolvedSettings = {
      ...prod,
      exporters: {
        ...prod.exporters,
        postgres: [{ name: "orders", dsnSecret: "ordersDsn", scrapeInterval: "30s" }],
        redis: [{ name: "cache", address: "redis.apps.svc:6379" }],
      },
    };
    expect(job(settings, "postgres-exporter-orders").static_configs).toEqual([
      { targets: ["postgres-exporter-orders.observability-prod.svc:9187"] },
    ]);
    // Its own interval when set (the HITL seed scrapes databases every 30s), the global one otherwise.
    expect(job(settings, "postgres-exporter-orders")["scrape_interval"]).toBe("30s");
    expect(job(settings, "redis-exporter-cache")).not.toHaveProperty("scrape_interval");
    expect(job(settings, "redis-exporter-cache").static_configs).toEqual([
      { targets: ["redis-exporter-cache.observability-prod.svc:9121"] },
    ]);
  });

  it("applies a service's own interval, timeout, path and scheme", () => {
    const settings: ResolvedSettings = {
      ...dev,
      services: [
        {
          name: "billing",
          targets: ["billing:8443"],
          metricsPath: "/internal/metrics",
          scheme: "https",
          scrapeInterval: "30s",
          scrapeTimeout: "20s",
          labels: {},
          metrics: defaultServiceMetrics,
          slos: [],
        },
      ],
    };
    expect(job(settings, "billing")).toMatchObject({
      metrics_path: "/internal/metrics",
      scheme: "https",
      scrape_interval: "30s",
      scrape_timeout: "20s",
      static_configs: [{ targets: ["billing:8443"], labels: { service: "billing" } }],
    });
  });

  it("refuses two jobs with one name", () => {
    const settings: ResolvedSettings = {
      ...dev,
      services: [{ ...dev.services[0], name: "postgres-exporter-main" }],
      exporters: { ...dev.exporters, postgres: [{ name: "main", dsnSecret: "mainDsn" }] },
    };
    expect(() => prometheusConfig(settings)).toThrow(/two scrape jobs are named 'postgres-exporter-main'/);
  });

  it("writes remote-write credentials as files, never into prometheus.yml", () => {
    const settings: ResolvedSettings = {
      ...prod,
      prometheus: {
        ...prod.prometheus,
        remoteWrite: [
          {
            name: "mimir",
            url: "https://mimir.example.com/api/v1/push",
            basicAuth: { username: "tenant", passwordSecret: "mimirPassword" },
            headers: { "X-Scope-OrgID": "tenant" },
            queue: { maxShards: 20, minBackoff: "100ms" },
          },
          { name: "thanos", url: "https://thanos.example.com/receive", bearerTokenSecret: "thanosToken" },
        ],
      },
    };
    expect(prometheusConfig(settings)["remote_write"]).toEqual([
      {
        name: "mimir",
        url: "https://mimir.example.com/api/v1/push",
        basic_auth: { username: "tenant", password_file: "/etc/prometheus/secrets/mimirPassword" },
        headers: { "X-Scope-OrgID": "tenant" },
        queue_config: { max_shards: 20, min_backoff: "100ms" },
      },
      {
        name: "thanos",
        url: "https://thanos.example.com/receive",
        authorization: { type: "Bearer", credentials_file: "/etc/prometheus/secrets/thanosToken" },
      },
    ]);
    const files = prometheusWorkload(settings).files;
    const config = files.find((file) => file.path === prometheusPaths.config);
    expect(secretKeysIn(config?.content ?? "")).toEqual([]);
    expect(files.filter((file) => file.path.startsWith("/etc/prometheus/secrets/"))).toEqual([
      { path: "/etc/prometheus/secrets/mimirPassword", content: secretToken("mimirPassword"), secretEscaping: "raw" },
      { path: "/etc/prometheus/secrets/thanosToken", content: secretToken("thanosToken"), secretEscaping: "raw" },
    ]);
  });
});

describe("the Prometheus workload", () => {
  it("runs with retention by time and size, exemplars, live reload, lifecycle API and its external URL", () => {
    expect(prometheusWorkload(prod).args).toEqual([
      "--config.file=/etc/prometheus/prometheus.yml",
      "--storage.tsdb.path=/prometheus",
      "--storage.tsdb.retention.time=30d",
      "--storage.tsdb.retention.size=45GB",
      "--enable-feature=exemplar-storage,auto-reload-config",
      "--web.enable-lifecycle",
      "--web.external-url=https://prometheus.obs.example.com/",
      "--web.config.file=/etc/prometheus/web/web.yml",
    ]);
    expect(prometheusWorkload(dev).args).toContain("--enable-feature=exemplar-storage,auto-reload-config");
    expect(prometheusWorkload(dev).args).toContain("--web.external-url=http://127.0.0.1:9090/");
  });

  it("ships prometheus.yml as written by prometheusConfig and the enabled packs' rules", () => {
    const files = prometheusWorkload(dev).files;
    const packs = stackPacks(dev);
    const ruleFileNames = [
      ...packs.flatMap((pack) => pack.ruleFiles.map(deployedRuleFileName)),
      ...packs.flatMap((pack) => pack.sloFiles.map(sloRuleFileName)),
    ];
    expect(ruleFileNames).toEqual(expect.arrayContaining(["stack-stack.rules.yml", "red-red.rules.yml"]));
    expect(files.map((file) => file.path)).toEqual([
      "/etc/prometheus/prometheus.yml",
      ...ruleFileNames.map((name) => `/etc/prometheus/rules/${name}`),
    ]);
    expect(parse(files[0].content)).toEqual(prometheusConfig(dev));
    const withoutRed = prometheusWorkload({ ...dev, packs: [] }).files.map((file) => file.path);
    expect(withoutRed).not.toContain("/etc/prometheus/rules/red-red.rules.yml");
  });

  it("links runbooks under runbookBaseUrl when one is set", () => {
    const settings: ResolvedSettings = {
      ...dev,
      alerting: { ...dev.alerting, runbookBaseUrl: "https://git.example.com/obs/-/blob/main/docs/runbooks/" },
    };
    const rules = prometheusWorkload(settings).files.find((file) => file.path.endsWith("/stack-stack.rules.yml"));
    expect(rules?.content).toContain(
      "runbook_url: https://git.example.com/obs/-/blob/main/docs/runbooks/stack/TargetDown.md",
    );
    expect(rules?.content).not.toContain("runbook_url: docs/runbooks/");
    expect(prometheusWorkload(dev).files[1].content).toContain("runbook_url: docs/runbooks/stack/TargetDown.md");
  });

  it("is a stateful, unprivileged workload with a data volume, health checks and a published UI", () => {
    const workload = prometheusWorkload(dev);
    expect(workload).toMatchObject({
      role: "prometheus",
      kind: "stateful",
      image: "quay.io/prometheus/prometheus:v3.5.0",
      replicas: 1,
      user: { uid: 65534, gid: 65534 },
      dataVolume: { mountPath: "/prometheus", size: "10Gi" },
      ports: [{ name: "http", port: 9090, protocol: "TCP", publishAs: "prometheus" }],
      health: {
        liveness: {
          path: "/-/healthy",
          port: "http",
          command: ["wget", "-q", "--spider", "http://127.0.0.1:9090/-/healthy"],
        },
        readiness: {
          path: "/-/ready",
          port: "http",
          command: ["wget", "-q", "--spider", "http://127.0.0.1:9090/-/ready"],
        },
      },
    });
    expect(workload.identityEnv).toBeUndefined();
    expect(workload.kubernetesApi).toBeUndefined();
  });

  it("takes the image from the versions table when the stack overrides it", () => {
    const settings: ResolvedSettings = { ...dev, versions: { prometheus: "quay.io/prometheus/prometheus:v3.5.1" } };
    expect(prometheusWorkload(settings).image).toBe("quay.io/prometheus/prometheus:v3.5.1");
  });

  it("on Kubernetes gets its pod name, the UI host and read access for exactly its discovery", () => {
    const workload = prometheusWorkload(prod);
    expect(workload.replicas).toBe(2);
    expect(workload.identityEnv).toEqual({ POD_NAME: "name" });
    expect(workload.ui).toEqual({ port: "http", host: "prometheus.obs.example.com" });
    expect(workload.kubernetesApi?.rules).toEqual([
      { apiGroups: [""], resources: ["nodes", "pods", "services"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] },
      { apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] },
    ]);
    for (const rule of workload.kubernetesApi?.rules ?? []) {
      expect(rule.verbs.every((verb) => ["get", "list", "watch"].includes(verb))).toBe(true);
    }
  });

  it("accepts connections from Grafana, the Ingress and the other Prometheus replicas", () => {
    expect(prometheusWorkload(prod).allowFrom).toEqual([
      { ports: ["http"], from: ["grafana", "ingress", "prometheus"] },
    ]);
  });
});
