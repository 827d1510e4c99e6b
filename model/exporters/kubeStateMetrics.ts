import { exporterResources } from "../../settings/profiles";
import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles } from "../addresses";
import { securedHealth, webServing } from "../webConfig";
import type { ApiRule, Workload } from "../workload";
import { httpHealth } from "../probes";
import { nobody } from "./users";

/**
 * The objects kube-state-metrics reports, by API group. One table feeds
 * both its `--resources` flag and its RBAC rules, so it never watches what
 * it may not list. Secrets and ConfigMaps are left out on purpose: listing
 * them returns their contents, a right a metrics exporter should not hold.
 */
const reportedResources: Readonly<Record<string, readonly string[]>> = {
  "": [
    "endpoints",
    "limitranges",
    "namespaces",
    "nodes",
    "persistentvolumeclaims",
    "persistentvolumes",
    "pods",
    "replicationcontrollers",
    "resourcequotas",
    "services",
  ],
  apps: ["daemonsets", "deployments", "replicasets", "statefulsets"],
  autoscaling: ["horizontalpodautoscalers"],
  batch: ["cronjobs", "jobs"],
  "discovery.k8s.io": ["endpointslices"],
  "networking.k8s.io": ["ingresses", "networkpolicies"],
  policy: ["poddisruptionbudgets"],
  "storage.k8s.io": ["storageclasses", "volumeattachments"],
};

/** The RBAC rules kube-state-metrics needs: list and watch of every reported resource. */
export function kubeStateMetricsRules(): ApiRule[] {
  return Object.entries(reportedResources).map(([apiGroup, resources]) => ({
    apiGroups: [apiGroup],
    resources,
    verbs: ["list", "watch"],
  }));
}

/**
 * kube-state-metrics: the state of Kubernetes objects (deployments'
 * replicas, pods' phases, jobs' outcomes). Kubernetes only. Object metrics
 * on `http`, its own metrics and readiness on `telemetry`. With TLS on it
 * serves both ports over TLS (`--tls-config`, the exporter-toolkit web
 * config format). It never requires basic auth: its distroless image has
 * no shell, so its probes could not send credentials (see `basicAuthCapable`).
 */
export function kubeStateMetricsWorkload(settings: ResolvedSettings): Workload {
  const resources = Object.values(reportedResources).flat().sort();
  const serving = webServing(settings, "kube-state-metrics");
  return {
    role: roles.kubeStateMetrics,
    kind: "stateless",
    image: settings.versions.kubeStateMetrics ?? defaultImages.kubeStateMetrics,
    args: [
      `--port=${ports.kubeStateMetrics}`,
      `--telemetry-port=${ports.kubeStateMetricsSelf}`,
      `--resources=${resources.join(",")}`,
      ...serving.args,
    ],
    env: {},
    files: serving.files,
    ...(serving.tlsSecret !== undefined ? { tlsSecret: serving.tlsSecret } : {}),
    ports: [
      { name: "http", port: ports.kubeStateMetrics },
      { name: "telemetry", port: ports.kubeStateMetricsSelf },
    ],
    scratchPaths: [],
    health: securedHealth(
      {
        // The distroless image has no shell; Kubernetes probes it from outside.
        ...httpHealth("/livez", { name: "http", number: ports.kubeStateMetrics }, "none"),
        readiness: { path: "/readyz", port: "telemetry" },
      },
      serving,
      settings,
      roles.kubeStateMetrics,
      { http: ports.kubeStateMetrics, telemetry: ports.kubeStateMetricsSelf },
      "none",
    ),
    resources: exporterResources,
    replicas: 1,
    user: nobody,
    kubernetesApi: { rules: kubeStateMetricsRules() },
    allowFrom: [{ ports: ["http", "telemetry"], from: [roles.prometheus] }],
  };
}
