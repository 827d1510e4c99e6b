/**
 * The one table of container images. Every image is pinned to an exact
 * release so that `pulumi preview` shows a version move as a diff, and so that
 * promotion can copy this table from staging to prod (a stack overrides single
 * entries with the `versions` key).
 *
 * Tags rather than digests: the digests cannot be resolved from the machines
 * this project is built on (no registry access); pin `name@sha256:…` in a
 * stack's `versions` where your registry policy asks for digests.
 */
export const defaultImages = {
  prometheus: "quay.io/prometheus/prometheus:v3.5.0",
  alertmanager: "quay.io/prometheus/alertmanager:v0.28.1",
  grafana: "docker.io/grafana/grafana:12.0.2",
  // 2.7.0 is the Go module v1.70.0, which the tests build to validate the config.
  jaeger: "docker.io/jaegertracing/jaeger:2.7.0",
  nodeExporter: "quay.io/prometheus/node-exporter:v1.9.1",
  cadvisor: "gcr.io/cadvisor/cadvisor:v0.52.1",
  kubeStateMetrics: "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.15.0",
  blackboxExporter: "quay.io/prometheus/blackbox-exporter:v0.26.0",
  postgresExporter: "quay.io/prometheuscommunity/postgres-exporter:v0.17.1",
  redisExporter: "docker.io/oliver006/redis_exporter:v1.67.0",
  // v7.13.0: the first release that honours --cookie-secret-file on every
  // session path (oauth2-proxy PR #3228).
  oauth2Proxy: "quay.io/oauth2-proxy/oauth2-proxy:v7.13.0",
} as const;

/** The role names that the versions table knows. */
export type ImageName = keyof typeof defaultImages;

export const imageNames = Object.keys(defaultImages) as ImageName[];
