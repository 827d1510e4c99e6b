import { exporterResources } from "../../settings/profiles";
import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles } from "../addresses";
import type { Workload } from "../workload";
import { httpHealth } from "./health";

/**
 * cAdvisor: per-container CPU, memory and I/O on the Docker host. Docker
 * only: on Kubernetes the kubelet embeds cAdvisor and serves the same
 * metrics. It must run privileged as root: it reads every container's
 * cgroups and the engine's state under /var/lib/docker, which no
 * unprivileged user can.
 */
export function cadvisorWorkload(settings: ResolvedSettings): Workload {
  return {
    role: roles.cadvisor,
    kind: "stateless",
    image: settings.versions.cadvisor ?? defaultImages.cadvisor,
    args: [
      `--port=${ports.cadvisor}`,
      "--docker_only=true",
      "--housekeeping_interval=15s",
      // Container labels as metric labels multiply series; names and images are enough.
      "--store_container_labels=false",
      "--disable_metrics=advtcp,cpu_topology,cpuset,hugetlb,memory_numa,percpu,process,referenced_memory,resctrl,sched,tcp,udp",
    ],
    env: {},
    files: [],
    ports: [{ name: "metrics", port: ports.cadvisor }],
    scratchPaths: [],
    // The image is Alpine based; its own HEALTHCHECK uses wget on /healthz too.
    health: httpHealth("/healthz", { name: "metrics", number: ports.cadvisor }, "wget"),
    resources: exporterResources,
    replicas: 1,
    user: { uid: 0, gid: 0 },
    host: {
      network: false,
      pid: false,
      privileged: true,
      mounts: [
        { hostPath: "/", mountPath: "/rootfs", readOnly: true },
        { hostPath: "/var/run", mountPath: "/var/run", readOnly: true },
        { hostPath: "/sys", mountPath: "/sys", readOnly: true },
        { hostPath: "/var/lib/docker", mountPath: "/var/lib/docker", readOnly: true },
        { hostPath: "/dev/disk", mountPath: "/dev/disk", readOnly: true },
      ],
      reason:
        "cAdvisor reads every container's cgroups (/sys), the engine's socket and state (/var/run, /var/lib/docker) " +
        "and disk devices (/dev/disk); reading other containers' cgroups needs root with privileges",
    },
    allowFrom: [{ ports: ["metrics"], from: [roles.prometheus] }],
  };
}
