import { problemAt, type SettingsProblem } from "../errors";
import type { StackSettings } from "../schema";
import { configSetCommand, duplicates } from "./problem";

/** Shared environments run on Kubernetes. */
export function environmentTargetProblems(settings: StackSettings): SettingsProblem[] {
  const { environment, target } = settings;
  if (environment === "dev" || target !== "docker") return [];
  return [
    problemAt(
      "target",
      `${environment} runs on kubernetes (replicas, PVCs, ingress and network policies need it); remove the target key or use environment dev`,
      target,
    ),
  ];
}

/** What each target can run: one replica and no Kubernetes API on Docker; the kubelet's cAdvisor and Ingress hosts on Kubernetes. */
export function targetProblems(settings: StackSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (settings.target === "docker") {
    if (settings.prometheus.replicas > 1 || settings.alertmanager.replicas > 1) {
      problems.push(
        problemAt(
          "prometheus.replicas",
          "the docker target runs one replica of each component; use a kubernetes stack for HA",
          Math.max(settings.prometheus.replicas, settings.alertmanager.replicas),
        ),
      );
    }
    if (settings.exporters.kubeStateMetrics) {
      problems.push(
        problemAt(
          "exporters.kubeStateMetrics",
          "kube-state-metrics needs a Kubernetes API; set it to false on the docker target",
          true,
        ),
      );
    }
    const ports = Object.values(settings.docker.ports).map(String);
    for (const port of duplicates(ports)) {
      problems.push(
        problemAt("docker.ports", `port ${port} is published twice; give each UI its own port`, Number(port)),
      );
    }
    return problems;
  }
  if (settings.exporters.cadvisor) {
    problems.push(
      problemAt(
        "exporters.cadvisor",
        "on kubernetes the kubelet serves cAdvisor metrics and the kubernetes-cadvisor job scrapes them; set it to false",
        true,
      ),
    );
  }
  const ingress = settings.kubernetes.ingress;
  const hostsComplete = ["grafana", "prometheus", "alertmanager", "jaeger"].every((role) => role in ingress.hosts);
  if (ingress.enabled && ingress.domain === undefined && !hostsComplete) {
    problems.push(
      problemAt(
        "kubernetes.ingress.domain",
        `is required when ingress is enabled (hosts default to grafana.<domain>, ...); set it with: ${configSetCommand("kubernetes.ingress.domain", "obs.example.com")}`,
      ),
    );
  }
  return problems;
}

/** Prod keeps running through the loss of one replica. */
export function prodReplicaProblems(settings: StackSettings): SettingsProblem[] {
  if (settings.environment !== "prod") return [];
  const problems: SettingsProblem[] = [];
  if (settings.prometheus.replicas < 2) {
    problems.push(
      problemAt(
        "prometheus.replicas",
        "prod runs at least 2 Prometheus replicas so that one can restart without a gap",
        settings.prometheus.replicas,
      ),
    );
  }
  if (settings.alertmanager.replicas < 3) {
    problems.push(
      problemAt(
        "alertmanager.replicas",
        "prod runs at least 3 Alertmanager replicas so that the cluster survives losing one",
        settings.alertmanager.replicas,
      ),
    );
  }
  return problems;
}
