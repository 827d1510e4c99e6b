import * as k8s from "@pulumi/kubernetes";
import { headlessServiceName } from "../../model/addresses";
import type { ResolvedSettings } from "../../settings/validate";
import type { ResolvedWorkload } from "../types";
import { labelsFor, selectorFor } from "./labels";
import type { Placement } from "./placement";
import { dataVolumeName } from "./podTemplate";

/**
 * The controller that runs the pods: Deployment (stateless), StatefulSet
 * (stateful: stable identity and a volume per replica) or DaemonSet (perNode).
 * Named after the role so that StatefulSet pods get the DNS names the model
 * hands out (`<role>-<i>.<role>-headless.<ns>.svc`).
 */
export function createController(
  name: string,
  workload: ResolvedWorkload,
  settings: ResolvedSettings,
  template: k8s.types.input.core.v1.PodTemplateSpec,
  placement: Placement,
): k8s.apps.v1.Deployment | k8s.apps.v1.StatefulSet | k8s.apps.v1.DaemonSet {
  const metadata = { name: workload.role, namespace: placement.namespace, labels: labelsFor(workload.role) };
  const selector = { matchLabels: selectorFor(workload.role) };
  switch (workload.kind) {
    case "stateless":
      return new k8s.apps.v1.Deployment(
        `${name}-deployment`,
        { metadata, spec: { replicas: workload.replicas, selector, template } },
        placement.opts,
      );
    case "stateful":
      return new k8s.apps.v1.StatefulSet(
        `${name}-statefulset`,
        {
          metadata,
          spec: {
            replicas: workload.replicas,
            selector,
            serviceName: headlessServiceName(workload.role),
            // Peers (Alertmanager) must all start to form a cluster; ordered
            // start would wait for readiness that needs the others.
            podManagementPolicy: "Parallel",
            // Data outlives scale-downs and deletion; removing it is a
            // deliberate act (delete the PVCs).
            persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
            template,
            volumeClaimTemplates: workload.dataVolume
              ? [dataClaimTemplate(workload.role, workload.dataVolume.size, settings.kubernetes.storageClass)]
              : [],
          },
        },
        placement.opts,
      );
    case "perNode":
      return new k8s.apps.v1.DaemonSet(
        `${name}-daemonset`,
        {
          metadata,
          spec: {
            selector,
            template,
            updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } },
          },
        },
        placement.opts,
      );
  }
}

/** The claim each StatefulSet replica gets for its data directory. */
export function dataClaimTemplate(
  role: string,
  size: string,
  storageClass: string | undefined,
): k8s.types.input.core.v1.PersistentVolumeClaim {
  return {
    metadata: { name: dataVolumeName, labels: labelsFor(role) },
    spec: {
      accessModes: ["ReadWriteOnce"],
      // Without a class the cluster's default StorageClass applies.
      ...(storageClass === undefined ? {} : { storageClassName: storageClass }),
      resources: { requests: { storage: size } },
    },
  };
}
