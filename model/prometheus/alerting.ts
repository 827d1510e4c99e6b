import type { ResolvedSettings } from "../../settings/validate";
import { ports, replicaAddresses, roles } from "../addresses";
import { stackClient } from "./stackClients";
import { targetTraits } from "../targetTraits";

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
  if (targetTraits(settings).podNames) labels[replicaLabel] = "${POD_NAME}";
  return labels;
}

/**
 * Gives every alert about a service of the stack file (its `service` label)
 * that service's labels, whatever rule raised it: a pack's that aggregates
 * them away (`sum by (service)`), a probe's, an SLO's. So a route on `team`
 * reaches every alert of the team's services. The service's own value wins
 * over one the rule set.
 *
 * One rule per label and value, matching every service that has it
 * (`regex: a|b|c`), not one rule per service and label: at 1,000 services in
 * 25 teams that is 25 rules instead of 1,000, which keeps prometheus.yml
 * (a ConfigMap the engine diffs on every preview) about 100 KiB smaller and
 * each alert's relabelling short. A service has one value per label, so the
 * rules never compete and their order does not matter.
 */
export function serviceLabelRelabels(settings: Pick<ResolvedSettings, "services">): Record<string, unknown>[] {
  const servicesByLabelValue = new Map<string, { label: string; value: string; services: string[] }>();
  for (const service of settings.services) {
    for (const [label, value] of Object.entries(service.labels)) {
      const key = JSON.stringify([label, value]);
      const group = servicesByLabelValue.get(key) ?? { label, value, services: [] };
      group.services.push(service.name);
      servicesByLabelValue.set(key, group);
    }
  }
  return [...servicesByLabelValue.values()]
    .sort((a, b) => a.label.localeCompare(b.label))
    .map(({ label, value, services }) => ({
      source_labels: ["service"],
      // Service names are DNS labels: no regex metacharacter but `-`, which is
      // literal here; Prometheus anchors the alternation at both ends.
      regex: services.join("|"),
      target_label: label,
      // `$` would start a capture group reference in a replacement.
      replacement: value.replaceAll("$", "$$$$"),
    }));
}

/**
 * The `alerting` section. Every Alertmanager replica is listed: Prometheus
 * must notify all of them (they deduplicate among themselves), not one behind
 * a load-balancing Service. The `replica` label is dropped from alerts so
 * that both Prometheus replicas send identical alerts, which Alertmanager
 * then merges; the services' labels are added (serviceLabelRelabels). Delivery uses TLS and the stack's credentials when the
 * Alertmanagers require them (see `stackClient`).
 */
export function alertingSection(settings: ResolvedSettings): Record<string, unknown> {
  const targets = replicaAddresses(settings, roles.alertmanager, settings.alertmanager.replicas, ports.alertmanager);
  const section: Record<string, unknown> = {};
  const relabel = [
    ...(targetTraits(settings).podNames ? [{ action: "labeldrop", regex: replicaLabel }] : []),
    ...serviceLabelRelabels(settings),
  ];
  if (relabel.length > 0) section["alert_relabel_configs"] = relabel;
  section["alertmanagers"] = [{ ...stackClient(settings, "alertmanager"), static_configs: [{ targets }] }];
  return section;
}
