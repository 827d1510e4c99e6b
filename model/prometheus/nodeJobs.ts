import { jobNames } from "../jobNames";
import type { ResolvedSettings } from "../../settings/validate";
import { hostNamespace, ports, roles, serviceAddress } from "../addresses";
import { runsRole } from "../rolesInUse";
import { serviceAccountPaths } from "./paths";
import { staticJob, type ScrapeConfig } from "./scrapeJob";
import { stackClient } from "./stackClients";
import { targetTraits } from "../targetTraits";

/** Turns the Kubernetes node name into the `instance` label, which is what people search by. */
const nodeNameAsInstance = {
  source_labels: ["__meta_kubernetes_pod_node_name"],
  target_label: "instance",
};

/**
 * node-exporter on every node: one DaemonSet pod per node on Kubernetes
 * (found through its Service's EndpointSlices in the host namespace), one
 * container on Docker. Discovered pods are reached by node IP, which no
 * certificate names, so TLS verifies the role's short name, which every
 * certificate carries (`tlsDnsNames`).
 */
function nodeExporterJob(settings: ResolvedSettings): ScrapeConfig {
  if (!targetTraits(settings).perNodeExporters) {
    return staticJob(
      roles.nodeExporter,
      [serviceAddress(settings, roles.nodeExporter, ports.nodeExporter)],
      stackClient(settings, "node-exporter"),
    );
  }
  return {
    job_name: roles.nodeExporter,
    ...stackClient(settings, "node-exporter", roles.nodeExporter),
    // EndpointSlices rather than the Endpoints API, which Kubernetes 1.33 deprecates.
    kubernetes_sd_configs: [{ role: "endpointslice", namespaces: { names: [hostNamespace(settings)] } }],
    relabel_configs: [
      { source_labels: ["__meta_kubernetes_service_name"], regex: roles.nodeExporter, action: "keep" },
      nodeNameAsInstance,
    ],
  };
}

/**
 * The kubelet's built-in cAdvisor, read through the API server's node proxy
 * so that Prometheus needs no access to the kubelet port on every node.
 */
function kubeletJob(jobName: string, kubeletPath: string): ScrapeConfig {
  return {
    job_name: jobName,
    scheme: "https",
    tls_config: { ca_file: serviceAccountPaths.ca },
    authorization: { credentials_file: serviceAccountPaths.token },
    kubernetes_sd_configs: [{ role: "node" }],
    relabel_configs: [
      { target_label: "__address__", replacement: "kubernetes.default.svc:443" },
      {
        source_labels: ["__meta_kubernetes_node_name"],
        target_label: "__metrics_path__",
        replacement: `/api/v1/nodes/$1/proxy${kubeletPath}`,
      },
      { source_labels: ["__meta_kubernetes_node_name"], target_label: "instance" },
    ],
  };
}

function kubeletCadvisorJob(): ScrapeConfig {
  return kubeletJob(jobNames.kubeletCadvisor, "/metrics/cadvisor");
}

/**
 * The kubelet's own metrics, of which only the volume statistics are kept:
 * how full each mounted PersistentVolumeClaim is exists nowhere else, and
 * the rest of the kubelet's metrics would cost thousands of series per node
 * that no rule reads.
 */
function kubeletVolumesJob(): ScrapeConfig {
  return {
    ...kubeletJob(jobNames.kubeletVolumes, "/metrics"),
    metric_relabel_configs: [{ source_labels: ["__name__"], regex: "kubelet_volume_stats_.+", action: "keep" }],
  };
}

/**
 * Jobs for node and container metrics. On Kubernetes cAdvisor is part of
 * the kubelet and always scraped, with the kubelet's volume statistics; on
 * Docker it is a container of its own.
 */
export function nodeJobs(settings: ResolvedSettings): ScrapeConfig[] {
  const jobs: ScrapeConfig[] = [];
  if (runsRole(settings, roles.nodeExporter)) jobs.push(nodeExporterJob(settings));
  if (runsRole(settings, roles.cadvisor)) {
    jobs.push(staticJob(roles.cadvisor, [serviceAddress(settings, roles.cadvisor, ports.cadvisor)]));
  }
  if (targetTraits(settings).kubeletCadvisor) jobs.push(kubeletCadvisorJob(), kubeletVolumesJob());
  return jobs;
}
