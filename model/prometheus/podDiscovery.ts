import { jobNames } from "../jobNames";
import type { ResolvedSettings } from "../../settings/validate";
import type { ScrapeConfig } from "./scrapeJob";

const annotation = (name: string) => `__meta_kubernetes_pod_annotation_prometheus_io_${name}`;
const podLabel = (name: string) => `__meta_kubernetes_pod_label_${name}`;

/**
 * Annotation-based discovery of application pods, the convention most
 * charts and apps already follow: `prometheus.io/scrape: "true"` opts a pod
 * in; `prometheus.io/port`, `/path` and `/scheme` say where its metrics are.
 * Namespaces come from `kubernetes.serviceDiscovery.namespaces` (all when
 * empty).
 */
export function kubernetesPodsJob(settings: ResolvedSettings): ScrapeConfig {
  const namespaces = settings.kubernetes.serviceDiscovery.namespaces;
  const sd: Record<string, unknown> = { role: "pod" };
  if (namespaces.length > 0) sd["namespaces"] = { names: [...namespaces] };
  return {
    job_name: jobNames.annotatedPods,
    kubernetes_sd_configs: [sd],
    relabel_configs: [
      { source_labels: [annotation("scrape")], regex: "true", action: "keep" },
      // Completed Jobs' pods keep their annotations but have nothing to serve.
      { source_labels: ["__meta_kubernetes_pod_phase"], regex: "Succeeded|Failed", action: "drop" },
      { source_labels: [annotation("scheme")], regex: "(https?)", target_label: "__scheme__" },
      { source_labels: [annotation("path")], regex: "(.+)", target_label: "__metrics_path__" },
      {
        source_labels: ["__address__", annotation("port")],
        regex: "([^:]+)(?::\\d+)?;(\\d+)",
        replacement: "$1:$2",
        target_label: "__address__",
      },
      { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
      { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
      // `service` is what the RED rules and dashboards group by: take it from
      // the recommended app label, else the older `app` label.
      { source_labels: [podLabel("app")], regex: "(.+)", target_label: "service" },
      { source_labels: [podLabel("app_kubernetes_io_name")], regex: "(.+)", target_label: "service" },
    ],
  };
}
