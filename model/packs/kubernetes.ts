import { kubeletVolumeMetrics } from "../metrics/kubelet";
import { kubeStateMetrics } from "../metrics/kubeStateMetrics";
import type { Pack } from "./types";

/**
 * Pack "kubernetes": workloads as kube-state-metrics reports them (job
 * `kube-state-metrics`, which the stack scrapes on Kubernetes): pods crash
 * looping, not ready or OOM-killed, Deployments and StatefulSets short of
 * replicas or stuck on an old spec, DaemonSets missing nodes, failed Jobs,
 * claims pending or lost, and volumes filling up (the kubelet's volume
 * statistics, job `kubernetes-kubelet`).
 */
export const kubernetesPack: Pack = {
  name: "kubernetes",
  description:
    "Kubernetes workloads through kube-state-metrics: crash loops, replicas, jobs, volume claims and fill levels",
  builtIn: true,
  // kube-state-metrics runs only where there is a Kubernetes API (model/rolesInUse.ts).
  appliesTo: (stack) => stack.kubeStateMetrics,
  ruleFiles: ["kubernetes/pods.rules.yml", "kubernetes/workloads.rules.yml", "kubernetes/storage.rules.yml"],
  sloFiles: [],
  dashboards: [],
  metrics: [...kubeStateMetrics, ...kubeletVolumeMetrics],
  scrapeJobs: [],
  routes: [],
  inhibitions: [
    // A crash-looping container is also a pod that is not ready: one alert
    // says it better. Same pod only.
    {
      sourceMatchers: ['alertname="KubePodCrashLooping"'],
      targetMatchers: ['alertname="KubePodNotReady"'],
      equal: ["namespace", "pod"],
    },
    // An almost full volume is also one filling up.
    {
      sourceMatchers: ['alertname="KubePersistentVolumeAlmostFull"'],
      targetMatchers: ['alertname="KubePersistentVolumeFillingUp"'],
      equal: ["namespace", "persistentvolumeclaim"],
    },
  ],
};
