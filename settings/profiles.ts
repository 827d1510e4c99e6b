import type { Environment, Resources } from "./schema";

/**
 * Environment profiles: the defaults a stack file does not need to repeat.
 * A stack file states only what differs; its values are merged over these
 * (objects key by key, lists replaced whole) before validation. The per-
 * environment matrix in docs/decisions.md explains each difference.
 */

const small: Resources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } };

function baseProfile(environment: Environment) {
  const onKubernetes = environment !== "dev";
  return {
    environment,
    target: onKubernetes ? "kubernetes" : "docker",
    packs: [],
    services: [],
    versions: {},
    prometheus: {
      replicas: onKubernetes ? 2 : 1,
      scrapeInterval: "15s",
      scrapeTimeout: "10s",
      evaluationInterval: "15s",
      // 15 days is the seeds' retention; the size bound keeps a full disk from
      // taking Prometheus down before the time bound applies.
      retention: { time: environment === "prod" ? "30d" : "15d", size: environment === "dev" ? "5GB" : "45GB" },
      storageSize: environment === "dev" ? "10Gi" : "50Gi",
      externalLabels: {},
      remoteWrite: [],
      resources: onKubernetes
        ? { requests: { cpu: "500m", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } }
        : { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    },
    alertmanager: {
      replicas: onKubernetes ? 3 : 1,
      storageSize: "2Gi",
      resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "256Mi" } },
    },
    alerting: {
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
    },
    grafana: {
      mode: "deploy",
      adminUser: "admin",
      adminPasswordSecret: "grafanaAdminPassword",
      secretKeySecret: "grafanaSecretKey",
      storageSize: "5Gi",
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
    },
    jaeger: {
      enabled: true,
      storage: onKubernetes ? { type: "badger" } : { type: "memory" },
      resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    },
    exporters: {
      nodeExporter: true,
      cadvisor: !onKubernetes,
      kubeStateMetrics: onKubernetes,
      blackbox: true,
      postgres: [],
      redis: [],
    },
    kubernetes: {
      namespace: `observability-${environment}`,
      ingress: {
        enabled: onKubernetes,
        className: "nginx",
        controllerNamespace: "ingress-nginx",
        hosts: {},
        annotations: {},
      },
      serviceDiscovery: { namespaces: [] },
    },
    docker: {
      ports: { grafana: 3000, prometheus: 9090, alertmanager: 9093, jaeger: 16686, otlpGrpc: 4317, otlpHttp: 4318 },
    },
    // Shared environments encrypt every hop and require credentials from day
    // one; the CA is made by the stack, so there is nothing to set up first.
    tls: onKubernetes ? { mode: "selfSigned" } : { mode: "none" },
    auth: {
      basicAuth: { enabled: onKubernetes, username: "observability", passwordSecret: "webBasicAuthPassword" },
    },
  };
}

/** Defaults for one environment, as a plain object to merge a stack file over. */
export function profileFor(environment: Environment): Record<string, unknown> {
  return baseProfile(environment);
}

/** Resources for the small exporters, the same in every environment. */
export const exporterResources = small;
