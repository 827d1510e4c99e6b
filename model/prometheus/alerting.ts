import type { ResolvedSettings } from "../../settings/validate";
import { ports, replicaAddresses, roles } from "../addresses";
import { stackClient } from "./stackClients";

/** The per-pod external label that tells HA Prometheus replicas apart. */
export const replicaLabel = "replica";

/**
 * External labels: the stack's own plus, on Kubernetes, `replica` set to
 * the pod name. Prometheus expands `${POD_NAME}` from its environment
 * (`--enable-feature=expand-external-labels` on 2.x, always on 3.x), so
 * remote-write receivers can deduplicate the two replicas' samples.
 */
export function externalLabels(settings: ResolvedSettings): Record<string, string> {
  const labels = { ...settings.prometheus.externalLabels };
  if (settings.target === "kubernetes") labels[replicaLabel] = "${POD_NAME}";
  return labels;
}

/**
 * The `alerting` section. Every Alertmanager replica is listed: Prometheus
 * must notify all of them (they deduplicate among themselves), not one behind
 * a load-balancing Service. The `replica` label is dropped from alerts so
 * that both Prometheus replicas send identical alerts, which Alertmanager
 * then merges. Delivery uses TLS and the stack's credentials when the
 * Alertmanagers require them (see `stackClient`).
 */
export function alertingSection(settings: ResolvedSettings): Record<string, unknown> {
  const targets = replicaAddresses(settings, roles.alertmanager, settings.alertmanager.replicas, ports.alertmanager);
  const section: Record<string, unknown> = {};
  if (settings.target === "kubernetes") {
    section["alert_relabel_configs"] = [{ action: "labeldrop", regex: replicaLabel }];
  }
  section["alertmanagers"] = [{ ...stackClient(settings, "alertmanager"), static_configs: [{ targets }] }];
  return section;
}
