import type { StackSettings } from "../settings/schema";
import { targetTraits } from "./targetTraits";

/**
 * How workloads of the stack reach each other, by target. The model needs
 * these names before anything exists (they go into prometheus.yml, datasource
 * files and peer lists), so they follow fixed rules rather than being read
 * back from created resources:
 * - Docker: every container carries its role as a network alias on the
 *   stack's network, so `prometheus:9090` works from any container.
 * - Kubernetes: every workload has a Service named after its role in the
 *   stack's namespace; StatefulSets also have a headless `<role>-headless`
 *   Service that gives each replica a stable name.
 */

/** Well-known ports of the stack's workloads, in one table. */
export const ports = {
  prometheus: 9090,
  alertmanager: 9093,
  alertmanagerCluster: 9094,
  grafana: 3000,
  jaegerQuery: 16686,
  jaegerAdmin: 8888,
  jaegerHealth: 13133,
  otlpGrpc: 4317,
  otlpHttp: 4318,
  nodeExporter: 9100,
  cadvisor: 8080,
  kubeStateMetrics: 8080,
  kubeStateMetricsSelf: 8081,
  blackbox: 9115,
  postgresExporter: 9187,
  redisExporter: 9121,
} as const;

type Placement = Pick<StackSettings, "target" | "kubernetes">;

/** Host name of a role's service as seen from inside the stack. */
export function serviceHost(settings: Placement, role: string): string {
  return targetTraits(settings).roleAliases ? role : `${role}.${settings.kubernetes.namespace}.svc`;
}

/** `host:port` of a role's service. */
export function serviceAddress(settings: Placement, role: string, port: number): string {
  return `${serviceHost(settings, role)}:${port}`;
}

/**
 * Namespace of the workloads that need host access (node-exporter): Pod
 * Security Admission is set per namespace, and keeping them apart lets the
 * stack's own namespace enforce the `restricted` level.
 */
export function hostNamespace(settings: Pick<StackSettings, "kubernetes">): string {
  return `${settings.kubernetes.namespace}-host`;
}

/** Namespace a workload runs in on Kubernetes. */
export function namespaceOf(
  settings: Pick<StackSettings, "kubernetes">,
  workload: { readonly host?: unknown },
): string {
  return workload.host === undefined ? settings.kubernetes.namespace : hostNamespace(settings);
}

/** Name of the headless Service that governs a StatefulSet's replicas. */
export function headlessServiceName(role: string): string {
  return `${role}-headless`;
}

/**
 * `host:port` of each replica of a stateful role: every Alertmanager for
 * Prometheus to notify, every peer for Alertmanager gossip.
 */
export function replicaAddresses(settings: Placement, role: string, replicas: number, port: number): string[] {
  if (!targetTraits(settings).replicaAddresses) return [serviceAddress(settings, role, port)];
  const namespace = settings.kubernetes.namespace;
  return Array.from(
    { length: replicas },
    (_, index) => `${role}-${index}.${headlessServiceName(role)}.${namespace}.svc:${port}`,
  );
}

/**
 * Role names of the stack's own workloads: the one list. A role is the
 * workload's network alias on Docker and its Service name on Kubernetes;
 * the database exporters' roles are per instance.
 */
export const roles = {
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  grafana: "grafana",
  jaeger: "jaeger",
  /** The authenticating proxy in front of the Jaeger UI. */
  jaegerProxy: "jaeger-proxy",
  nodeExporter: "node-exporter",
  cadvisor: "cadvisor",
  kubeStateMetrics: "kube-state-metrics",
  blackbox: "blackbox-exporter",
  postgresExporter: (name: string): `postgres-exporter-${string}` => `postgres-exporter-${name}`,
  redisExporter: (name: string): `redis-exporter-${string}` => `redis-exporter-${name}`,
} as const;

/**
 * True for a name in the database exporters' role space
 * (`roles.postgresExporter(name)`, `roles.redisExporter(name)`).
 */
export function isDatabaseExporterRole(role: string): boolean {
  return /^(postgres|redis)-exporter-/.test(role);
}

type FixedRoles = { [K in keyof typeof roles]: (typeof roles)[K] extends string ? (typeof roles)[K] : never };
/** A role of one of the stack's own workloads. */
export type Role =
  FixedRoles[keyof FixedRoles] | ReturnType<typeof roles.postgresExporter | typeof roles.redisExporter>;

/** The fixed roles, in the stack's order (every workload list follows it). */
export const fixedRoles = Object.values(roles).filter(
  (role): role is FixedRoles[keyof FixedRoles] => typeof role === "string",
);

/**
 * Roles that serve TLS when it is on: all but cAdvisor, whose web server
 * has no TLS options (only Prometheus on the same network scrapes it).
 */
export type TlsRole = Exclude<Role, typeof roles.cadvisor>;

/** The fixed roles that serve TLS when it is on. */
export const tlsRoles = fixedRoles.filter(
  (role): role is Exclude<typeof role, typeof roles.cadvisor> => role !== roles.cadvisor,
);

/** True for a role that serves TLS when it is on, a database exporter's included. */
export function isTlsRole(role: string): role is TlsRole {
  return (tlsRoles as readonly string[]).includes(role) || isDatabaseExporterRole(role);
}

/** The UIs a person opens. */
export type UiRole = "grafana" | "prometheus" | "alertmanager" | "jaeger";

/**
 * Host name a UI is served under through Ingress on Kubernetes:
 * `kubernetes.ingress.hosts.<role>`, else `<role>.<domain>`.
 */
export function uiHost(settings: Pick<StackSettings, "kubernetes">, role: UiRole): string {
  const ingress = settings.kubernetes.ingress;
  return ingress.hosts[role] ?? `${role}.${ingress.domain ?? "localhost"}`;
}
