import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { InstanceFact } from "../../model/workload";
import type { ResolvedWorkload } from "../types";
import { labelsFor, selectorFor } from "./labels";
import { dnsLabelFromPath } from "./names";
import { probes } from "./probes";
import { containerSecurityContext, podSecurityContext } from "./security";

type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;

/** Name of the volume claim template (StatefulSet) that holds the data directory. */
export const dataVolumeName = "data";

/** Name of the volume of the mounted `kubernetes.io/tls` Secret (`workload.tlsSecret`). */
export const tlsVolumeName = "tls";

/**
 * File mode of every Secret volume: readable by owner and group only. The
 * kubelet makes the files group-owned by the pod's fsGroup, which is the
 * workload's own gid (security.ts), so the process reads its keys and no
 * other user in the container does.
 */
export const secretFileMode = 0o440;

/** A ConfigMap or Secret created for one config directory, to be mounted. */
export interface MountedConfig {
  readonly directory: string;
  /** Volume name in the pod. */
  readonly volumeName: string;
  readonly sensitive: boolean;
  /** Names of the ConfigMaps or Secrets holding the directory's files, one or more parts (Outputs: auto-named). */
  readonly objectNames: readonly pulumi.Input<string>[];
}

/** What the pod template needs besides the workload itself. */
export interface PodTemplateInputs {
  readonly configs: readonly MountedConfig[];
  /** `checksum/config` annotation value; absent without files. */
  readonly configChecksum?: pulumi.Input<string>;
  readonly serviceAccountName: pulumi.Input<string>;
}

/** The pod template of a workload's Deployment, StatefulSet or DaemonSet. */
export function podTemplate(
  workload: ResolvedWorkload,
  inputs: PodTemplateInputs,
): k8s.types.input.core.v1.PodTemplateSpec {
  const host = workload.host;
  const spec: k8s.types.input.core.v1.PodSpec = {
    serviceAccountName: inputs.serviceAccountName,
    // Only workloads that read the API get a token in the pod.
    automountServiceAccountToken: workload.kubernetesApi !== undefined,
    // Service environment variables are noise for these images and grow with
    // every Service in the namespace.
    enableServiceLinks: false,
    securityContext: podSecurityContext(workload),
    containers: [container(workload, inputs.configs)],
    volumes: volumes(workload, inputs.configs),
    ...(host
      ? {
          hostNetwork: host.network,
          hostPID: host.pid,
          // With the host's network the pod still resolves cluster names.
          ...(host.network ? { dnsPolicy: "ClusterFirstWithHostNet" } : {}),
        }
      : {}),
    ...(workload.kind === "perNode"
      ? // A node-level exporter must run on every node, tainted ones included.
        { tolerations: [{ operator: "Exists" }] }
      : workload.replicas > 1
        ? { affinity: spreadOverNodes(workload.role) }
        : {}),
  };
  return {
    metadata: {
      labels: labelsFor(workload.role),
      ...(inputs.configChecksum === undefined ? {} : { annotations: { "checksum/config": inputs.configChecksum } }),
    },
    spec,
  };
}

/**
 * A soft preference for one replica per node: losing a node then costs one
 * replica, yet a cluster with fewer nodes than replicas still schedules all.
 */
export function spreadOverNodes(role: string): k8s.types.input.core.v1.Affinity {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: { topologyKey: "kubernetes.io/hostname", labelSelector: { matchLabels: selectorFor(role) } },
        },
      ],
    },
  };
}

function container(workload: ResolvedWorkload, configs: readonly MountedConfig[]): k8s.types.input.core.v1.Container {
  return {
    name: workload.role,
    image: workload.image,
    imagePullPolicy: "IfNotPresent",
    ...(workload.command ? { command: [...workload.command] } : {}),
    args: [...workload.args],
    env: environment(workload),
    ports: workload.ports.map((port) => ({
      name: port.name,
      containerPort: port.port,
      protocol: port.protocol ?? "TCP",
    })),
    resources: {
      requests: { ...workload.resources.requests },
      limits: { ...workload.resources.limits },
    },
    ...probes(workload.health),
    volumeMounts: volumeMounts(workload, configs),
    securityContext: containerSecurityContext(workload),
    // The last log lines explain a crash in `kubectl describe pod`.
    terminationMessagePolicy: "FallbackToLogsOnError",
  };
}

/** Where the downward API finds each fact an instance can know of itself. */
const identityFieldPaths: Readonly<Record<InstanceFact, string>> = {
  name: "metadata.name",
  namespace: "metadata.namespace",
  address: "status.podIP",
  nodeAddress: "status.hostIP",
};

/**
 * Downward-API variables first: Kubernetes expands `$(VAR)` in later values
 * and in args only for variables defined before.
 */
function environment(workload: ResolvedWorkload): k8s.types.input.core.v1.EnvVar[] {
  const fromPod = Object.entries(workload.identityEnv ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, fact]) => ({ name, valueFrom: { fieldRef: { fieldPath: identityFieldPaths[fact] } } }));
  const plain = Object.entries(workload.env)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value }));
  return [...fromPod, ...plain];
}

function scratchVolumeName(path: string): string {
  return `scratch-${dnsLabelFromPath(path, 55)}`;
}

function hostVolumeName(path: string): string {
  return `host-${dnsLabelFromPath(path, 58)}`;
}

/**
 * The volume of one config directory: the ConfigMap or Secret itself, or a
 * projected volume that mounts all its parts together when the directory
 * did not fit one object.
 */
function configVolume(config: MountedConfig): Volume {
  const [only, ...more] = config.objectNames;
  if (only === undefined) throw new Error(`config directory ${config.directory} has no object to mount`);
  if (more.length === 0) {
    return config.sensitive
      ? { name: config.volumeName, secret: { secretName: only, defaultMode: secretFileMode } }
      : { name: config.volumeName, configMap: { name: only } };
  }
  const sources = config.objectNames.map((name) => (config.sensitive ? { secret: { name } } : { configMap: { name } }));
  return {
    name: config.volumeName,
    projected: { sources, ...(config.sensitive ? { defaultMode: secretFileMode } : {}) },
  };
}

function volumes(workload: ResolvedWorkload, configs: readonly MountedConfig[]): Volume[] {
  const fromConfig = configs.map((config) => configVolume(config));
  const tls: Volume[] = workload.tlsSecret
    ? [{ name: tlsVolumeName, secret: { secretName: workload.tlsSecret.secretName, defaultMode: secretFileMode } }]
    : [];
  const scratch = workload.scratchPaths.map((path): Volume => ({ name: scratchVolumeName(path), emptyDir: {} }));
  const fromHost = (workload.host?.mounts ?? []).map((mount): Volume => ({
    name: hostVolumeName(mount.mountPath),
    hostPath: { path: mount.hostPath, type: "Directory" },
  }));
  // The data volume of a StatefulSet comes from its claim template, not from here.
  return [...fromConfig, ...tls, ...scratch, ...fromHost];
}

function volumeMounts(workload: ResolvedWorkload, configs: readonly MountedConfig[]): VolumeMount[] {
  const mounts: VolumeMount[] = configs.map((config) => ({
    name: config.volumeName,
    mountPath: config.directory,
    readOnly: true,
  }));
  if (workload.tlsSecret) {
    // cert-manager renews into the same Secret; the kubelet refreshes a
    // directory mount (never a subPath one) in place, so servers that load
    // their certificate per handshake (the exporter-toolkit ones:
    // Prometheus, Alertmanager, exporters) serve the new one without a restart.
    mounts.push({ name: tlsVolumeName, mountPath: workload.tlsSecret.mountPath, readOnly: true });
  }
  if (workload.dataVolume) mounts.push({ name: dataVolumeName, mountPath: workload.dataVolume.mountPath });
  for (const path of workload.scratchPaths) mounts.push({ name: scratchVolumeName(path), mountPath: path });
  for (const mount of workload.host?.mounts ?? []) {
    mounts.push({
      name: hostVolumeName(mount.mountPath),
      mountPath: mount.mountPath,
      readOnly: mount.readOnly,
      // The host's root filesystem: see mounts made on the host after start
      // (new disks), as node-exporter's filesystem collector expects.
      ...(mount.hostPath === "/" ? { mountPropagation: "HostToContainer" } : {}),
    });
  }
  return mounts;
}
