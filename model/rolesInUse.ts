import { closest, problemAt, type SettingsProblem } from "../settings/errors";
import type { StackSettings } from "../settings/schema";
import { isTlsRole, roles, type Role, type TlsRole } from "./addresses";
import { targetTraits } from "./targetTraits";

/**
 * The roles a stack runs, in the stack's order: the one place that decides
 * which workloads exist. The plan builds a workload for each; certificates,
 * TLS probes and the allowed keys of `tls.secrets` follow it. Target-bound
 * roles follow the target whatever the flags say: cAdvisor only on Docker
 * (the kubelet embeds it on Kubernetes), kube-state-metrics and the Jaeger
 * proxy only on Kubernetes (on Docker the Jaeger UI is on 127.0.0.1 only).
 */
export function rolesInUse(settings: StackSettings): Role[] {
  const traits = targetTraits(settings);
  const { exporters } = settings;
  const runs: Readonly<Record<(typeof roles)[keyof typeof roles] & string, boolean>> = {
    [roles.prometheus]: true,
    [roles.alertmanager]: true,
    [roles.grafana]: settings.grafana.mode === "deploy",
    [roles.jaeger]: settings.jaeger.enabled,
    [roles.jaegerProxy]: settings.jaeger.enabled && !traits.loopbackUis && settings.auth.jaegerProxy !== undefined,
    [roles.nodeExporter]: exporters.nodeExporter,
    [roles.cadvisor]: exporters.cadvisor && !traits.kubeletCadvisor,
    [roles.kubeStateMetrics]: exporters.kubeStateMetrics && traits.kubernetesApi,
    [roles.blackbox]: exporters.blackbox,
  };
  return [
    ...Object.entries(runs)
      .filter(([, runs]) => runs)
      .map(([role]) => role as Role),
    ...exporters.postgres.map((db) => roles.postgresExporter(db.name)),
    ...exporters.redis.map((redis) => roles.redisExporter(redis.name)),
  ];
}

/** Whether the stack runs one role. */
export function runsRole(settings: StackSettings, role: Role): boolean {
  return rolesInUse(settings).includes(role);
}

/** The roles a stack runs that serve TLS when it is on. */
export function tlsRolesInUse(settings: StackSettings): TlsRole[] {
  return rolesInUse(settings).filter(isTlsRole);
}

/**
 * With `tls.mode: provided`, `tls.secrets` names one Secret for each role
 * the stack runs that serves TLS, and no other key.
 */
export function providedTlsSecretProblems(settings: StackSettings): SettingsProblem[] {
  const { tls } = settings;
  if (tls.mode !== "provided") return [];
  const problems: SettingsProblem[] = [];
  const inUse: readonly string[] = tlsRolesInUse(settings);
  for (const role of Object.keys(tls.secrets).filter((key) => !inUse.includes(key))) {
    const hint = closest(role, inUse);
    problems.push(
      problemAt(
        "tls.secrets",
        `unknown key '${role}'${hint ? ` (did you mean '${hint}'?)` : ""}; allowed keys: ${inUse.join(", ")}`,
      ),
    );
  }
  for (const role of inUse.filter((role) => tls.secrets[role] === undefined)) {
    problems.push(
      problemAt(
        `tls.secrets.${role}`,
        `names the kubernetes.io/tls Secret of ${role} (tls.crt, tls.key, ca.crt); it runs in this stack`,
      ),
    );
  }
  return problems;
}
