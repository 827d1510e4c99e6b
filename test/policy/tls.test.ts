import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import {
  grafanaServesHttps,
  noInsecureSkipVerify,
  prometheusUsesTls,
  tlsOnIngresses,
  tlsOnServers,
} from "../../policy/policies/tls";
import { checkResource, checkStack, environmentConfig, messages } from "./harness";
import {
  alertmanagerStatefulSet,
  configMap,
  container,
  copy,
  firstContainer,
  grafanaStatefulSet,
  ingress,
  namespace,
  prometheusStatefulSet,
  secret,
  service,
  workload,
} from "./fixtures";

const prod = environmentConfig("prod");
const staging = environmentConfig("staging");
const dev = environmentConfig("dev");

describe("tls-on-servers", () => {
  it("passes Prometheus, Alertmanager and exporters with their TLS flags", async () => {
    const kubeStateMetrics = workload("Deployment", "kube-state-metrics", {
      containers: [
        container("kube-state-metrics", "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.15.0", {
          args: ["--port=8080", "--tls-config=/etc/kube-state-metrics/web/web.yml"],
        }),
      ],
    });
    for (const resource of [prometheusStatefulSet(), alertmanagerStatefulSet(), kubeStateMetrics]) {
      expect(await checkResource(tlsOnServers, resource, prod)).toEqual([]);
    }
  });

  it("rejects an exporter without a web config and Alertmanager gossip without TLS in prod", async () => {
    const exporter = workload("Deployment", "blackbox-exporter", {
      containers: [
        container("blackbox", "quay.io/prometheus/blackbox-exporter:v0.26.0", { args: ["--web.listen-address=:9115"] }),
      ],
    });
    expect(messages(await checkResource(tlsOnServers, exporter, prod))).toEqual([
      "Deployment observability-prod/blackbox-exporter: containers 'blackbox' (blackbox-exporter) serves plain HTTP: give it --web.config.file with tls_server_config (--tls-config for kube-state-metrics)",
    ]);
    const alertmanager = copy(alertmanagerStatefulSet());
    const args = firstContainer(alertmanager)["args"] as string[];
    firstContainer(alertmanager)["args"] = args.filter((arg) => !arg.startsWith("--cluster.tls-config"));
    expect(messages(await checkResource(tlsOnServers, alertmanager, prod))).toEqual([
      "StatefulSet observability-prod/alertmanager: containers 'alertmanager' gossips with its peers in clear text: give it --cluster.tls-config",
    ]);
  });

  it("accepts the flag as a separate argument and ignores images that are not servers of the stack", async () => {
    const resource = workload("Deployment", "prometheus-two", {
      containers: [
        container("prometheus", "quay.io/prometheus/prometheus:v3.5.0", {
          args: ["--web.config.file", "/etc/web.yml"],
        }),
        container("sidecar", "docker.io/library/busybox:1.37"),
      ],
    });
    expect(await checkResource(tlsOnServers, resource, prod)).toEqual([]);
  });

  it("does not apply outside prod", async () => {
    const resource = copy(prometheusStatefulSet());
    firstContainer(resource)["args"] = [];
    expect(await checkResource(tlsOnServers, resource, staging)).toEqual([]);
    expect(await checkResource(tlsOnServers, resource, prod)).toHaveLength(1);
  });
});

describe("tls-on-ingresses", () => {
  it("passes an Ingress whose tls covers its host, by name or wildcard", async () => {
    expect(await checkResource(tlsOnIngresses, ingress("grafana", "grafana.obs.example.com"), prod)).toEqual([]);
    const wildcard = copy(ingress("grafana", "grafana.obs.example.com"));
    (wildcard.props["spec"] as Record<string, unknown>)["tls"] = [{ hosts: ["*.obs.example.com"] }];
    expect(await checkResource(tlsOnIngresses, wildcard, prod)).toEqual([]);
  });

  it("rejects an Ingress without tls, or with tls for another host", async () => {
    expect(
      messages(
        await checkResource(tlsOnIngresses, ingress("grafana", "grafana.obs.example.com", { tls: false }), prod),
      ),
    ).toEqual([
      "Ingress observability-prod/grafana: no TLS for grafana.obs.example.com; add spec.tls with a certificate secret for each host",
    ]);
    const other = copy(ingress("grafana", "grafana.obs.example.com"));
    (other.props["spec"] as Record<string, unknown>)["tls"] = [{ hosts: ["*.example.com"] }];
    expect(await checkResource(tlsOnIngresses, other, prod)).toHaveLength(1);
  });

  it("does not apply outside prod", async () => {
    expect(await checkResource(tlsOnIngresses, ingress("grafana", "g.example.com", { tls: false }), dev)).toEqual([]);
  });
});

describe("grafana-serves-https", () => {
  it("passes Grafana serving https itself", async () => {
    expect(await checkStack(grafanaServesHttps, [grafanaStatefulSet()], prod)).toEqual([]);
  });

  it("passes Grafana on http behind an Ingress with TLS for it", async () => {
    const resources = [grafanaStatefulSet({}), service("grafana"), ingress("grafana", "grafana.obs.example.com")];
    expect(await checkStack(grafanaServesHttps, resources, prod)).toEqual([]);
  });

  it("rejects Grafana on http whose Ingress has no TLS", async () => {
    const resources = [
      grafanaStatefulSet({ GF_SERVER_PROTOCOL: "http" }),
      service("grafana"),
      ingress("grafana", "grafana.obs.example.com", { tls: false }),
    ];
    const violations = await checkStack(grafanaServesHttps, resources, prod);
    expect(messages(violations)).toEqual([
      "StatefulSet observability-prod/grafana: container 'grafana' serves Grafana over http and no Ingress with TLS routes to it; set GF_SERVER_PROTOCOL=https with a certificate, or put it behind a TLS Ingress",
    ]);
    expect(violations[0].urn).toMatch(/StatefulSet::observability-grafana-statefulset$/);
  });

  it("rejects Grafana on http when the TLS Ingress routes to another Service", async () => {
    const resources = [grafanaStatefulSet({}), service("grafana"), ingress("prometheus", "grafana.obs.example.com")];
    expect(await checkStack(grafanaServesHttps, resources, prod)).toHaveLength(1);
  });

  it("does not apply outside prod", async () => {
    expect(await checkStack(grafanaServesHttps, [grafanaStatefulSet({})], staging)).toEqual([]);
  });
});

/** A prometheus.yml like the prod stack's, with one job changed by `job`. */
function prometheusYaml(job: Record<string, unknown>): string {
  return stringify({
    global: { scrape_interval: "15s" },
    alerting: {
      alertmanagers: [
        {
          scheme: "https",
          tls_config: { ca_file: "/etc/tls/prometheus/ca.crt" },
          static_configs: [{ targets: [`alertmanager-0.alertmanager-headless.${namespace}.svc:9093`] }],
        },
      ],
    },
    scrape_configs: [
      {
        job_name: "prometheus",
        scheme: "https",
        tls_config: { ca_file: "/etc/tls/prometheus/ca.crt" },
        static_configs: [{ targets: [`prometheus-0.prometheus-headless.${namespace}.svc:9090`] }],
      },
      { job_name: "jaeger", static_configs: [{ targets: [`jaeger.${namespace}.svc:8888`] }] },
      { job_name: "orders-api", scheme: "http", static_configs: [{ targets: ["orders-api.apps.svc:8080"] }] },
      {
        job_name: "blackbox",
        metrics_path: "/probe",
        scheme: "https",
        static_configs: [{ targets: ["http://orders-api.apps.svc:8080/health"] }],
        relabel_configs: [{ target_label: "__address__", replacement: `blackbox-exporter.${namespace}.svc:9115` }],
      },
      job,
    ],
  });
}

describe("prometheus-uses-tls", () => {
  const grafanaJob = {
    job_name: "grafana",
    scheme: "https",
    static_configs: [{ targets: [`grafana.${namespace}.svc:3000`] }],
  };

  it("passes https to the stack, http to apps outside it, and Jaeger's TLS-less metrics endpoint", async () => {
    const resource = configMap("prometheus-config", { "prometheus.yml": prometheusYaml(grafanaJob) });
    expect(await checkResource(prometheusUsesTls, resource, prod)).toEqual([]);
  });

  it("rejects a stack service scraped over http (the default scheme)", async () => {
    const { scheme: _scheme, ...plain } = grafanaJob;
    void _scheme;
    const resource = configMap("prometheus-config", { "prometheus.yml": prometheusYaml(plain) });
    expect(messages(await checkResource(prometheusUsesTls, resource, prod))).toEqual([
      `ConfigMap observability-prod/prometheus-config prometheus.yml: job 'grafana' reaches grafana.${namespace}.svc:3000 over http; set scheme: https with tls_config.ca_file`,
    ]);
  });

  it("rejects pods of the host namespace discovered over http, alert delivery over http, and reads Secrets too", async () => {
    const discovered = {
      job_name: "node-exporter",
      kubernetes_sd_configs: [{ role: "endpointslice", namespaces: { names: [`${namespace}-host`] } }],
    };
    const yaml = prometheusYaml(discovered).replace(
      "scheme: https\n      tls_config",
      "scheme: http\n      tls_config",
    );
    const resource = secret("prometheus-config", { "prometheus.yml": yaml });
    expect(messages(await checkResource(prometheusUsesTls, resource, prod))).toEqual([
      `Secret observability-prod/prometheus-config prometheus.yml: job 'node-exporter' reaches pods discovered in ${namespace}-host over http; set scheme: https with tls_config.ca_file`,
      `Secret observability-prod/prometheus-config prometheus.yml: alerting.alertmanagers[0] reaches alertmanager-0.alertmanager-headless.${namespace}.svc:9093 over http; set scheme: https with tls_config.ca_file`,
    ]);
  });

  it("does not apply outside prod", async () => {
    const resource = configMap("prometheus-config", {
      "prometheus.yml": prometheusYaml({
        job_name: "x",
        static_configs: [{ targets: [`grafana.${namespace}.svc:3000`] }],
      }),
    });
    expect(await checkResource(prometheusUsesTls, resource, staging)).toEqual([]);
  });
});

describe("no-insecure-skip-verify", () => {
  it("passes verified TLS (tlsSkipVerify: false)", async () => {
    const datasources = stringify({ datasources: [{ name: "Prometheus", jsonData: { tlsSkipVerify: false } }] });
    expect(await checkResource(noInsecureSkipVerify, configMap("ds", { "ds.yaml": datasources }), prod)).toEqual([]);
  });

  it("rejects insecure_skip_verify in prometheus.yml and tlsSkipVerify in a Secret outside dev", async () => {
    const yaml = stringify({ scrape_configs: [{ job_name: "x", tls_config: { insecure_skip_verify: true } }] });
    expect(
      messages(await checkResource(noInsecureSkipVerify, configMap("p", { "prometheus.yml": yaml }), staging)),
    ).toEqual([
      "ConfigMap observability-prod/p prometheus.yml: scrape_configs[0].tls_config.insecure_skip_verify is true; verify against the stack's CA (ca_file / tlsCACert) instead",
    ]);
    const datasources = stringify({ datasources: [{ jsonData: { tlsSkipVerify: true } }] });
    expect(messages(await checkResource(noInsecureSkipVerify, secret("ds", { "ds.yaml": datasources }), prod))).toEqual(
      [
        "Secret observability-prod/ds ds.yaml: datasources[0].jsonData.tlsSkipVerify is true; verify against the stack's CA (ca_file / tlsCACert) instead",
      ],
    );
  });

  it("reads base64 Secret data", async () => {
    const yaml = stringify({ tls_config: { insecure_skip_verify: true } });
    const resource = {
      type: "kubernetes:core/v1:Secret",
      name: "s",
      props: { metadata: { name: "s", namespace }, data: { "x.yml": Buffer.from(yaml).toString("base64") } },
    };
    expect(await checkResource(noInsecureSkipVerify, resource, prod)).toHaveLength(1);
  });

  it("allows it in dev", async () => {
    const yaml = stringify({ tls_config: { insecure_skip_verify: true } });
    expect(await checkResource(noInsecureSkipVerify, configMap("p", { "prometheus.yml": yaml }), dev)).toEqual([]);
  });
});
