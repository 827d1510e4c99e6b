import { exporterResources } from "../../settings/profiles";
import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles } from "../addresses";
import { securedHealth, webServing } from "../webConfig";
import type { Workload } from "../workload";
import { httpHealth } from "../probes";
import { nobody } from "./users";
import { targetTraits } from "../targetTraits";

/** Where the host's filesystems appear inside the container. */
const hostMounts = [
  { hostPath: "/proc", mountPath: "/host/proc", readOnly: true },
  { hostPath: "/sys", mountPath: "/host/sys", readOnly: true },
  { hostPath: "/", mountPath: "/host/root", readOnly: true },
] as const;

/**
 * node-exporter: the host's CPU, memory, disks and network. It reads the
 * host's /proc, /sys and root filesystem (read-only) on both targets. On
 * Kubernetes it runs on every node (DaemonSet) in the host's network and
 * PID namespaces, so the network and process metrics are the node's, not
 * the pod's; that is the documented exception to the restricted pod
 * security level (it runs in its own namespace, see `hostNamespace`).
 * With TLS or basic auth on it serves both through its web config.
 */
export function nodeExporterWorkload(settings: ResolvedSettings): Workload {
  const perNode = targetTraits(settings).perNodeExporters;
  const serving = webServing(settings, "node-exporter");
  return {
    role: roles.nodeExporter,
    kind: perNode ? "perNode" : "stateless",
    image: settings.versions.nodeExporter ?? defaultImages.nodeExporter,
    args: [
      "--path.procfs=/host/proc",
      "--path.sysfs=/host/sys",
      "--path.rootfs=/host/root",
      // In the host's network it would otherwise listen on every interface of
      // the node, public ones included: on Kubernetes only on the node's own
      // address (for Prometheus and the kubelet's probes) and its loopback
      // (for the probes that run inside the container).
      ...(perNode
        ? [
            `--web.listen-address=$(HOST_IP):${ports.nodeExporter}`,
            `--web.listen-address=127.0.0.1:${ports.nodeExporter}`,
          ]
        : [`--web.listen-address=:${ports.nodeExporter}`]),
      // Container runtimes' overlay and tmpfs mounts are noise, not disks.
      "--collector.filesystem.mount-points-exclude=^/(dev|proc|run|sys|var/lib/docker/.+|var/lib/containerd/.+|var/lib/kubelet/.+)($|/)",
      ...serving.args,
    ],
    env: {},
    ...(perNode ? { identityEnv: { HOST_IP: "nodeAddress" } } : {}),
    files: serving.files,
    ...(serving.tlsSecret !== undefined ? { tlsSecret: serving.tlsSecret } : {}),
    ports: [{ name: "metrics", port: ports.nodeExporter }],
    scratchPaths: [],
    health: securedHealth(
      httpHealth("/", { name: "metrics", number: ports.nodeExporter }, "wget"),
      serving,
      settings,
      roles.nodeExporter,
      { metrics: ports.nodeExporter },
      "wget",
    ),
    resources: exporterResources,
    replicas: 1,
    user: nobody,
    host: {
      network: perNode,
      pid: perNode,
      privileged: false,
      mounts: hostMounts,
      reason: perNode
        ? "node-exporter reports the node itself: it reads the host's /proc, /sys and root filesystem (read-only) " +
          "and shares the host's network and PID namespaces so that network and process metrics describe the node"
        : "node-exporter reports the Docker host: it reads the host's /proc, /sys and root filesystem read-only",
    },
    allowFrom: [{ ports: ["metrics"], from: [roles.prometheus] }],
  };
}
