import { exporterResources } from "../../settings/profiles";
import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles } from "../addresses";
import type { Workload } from "../workload";
import { httpHealth } from "../probes";

/**
 * cAdvisor: per-container CPU, memory and I/O on the Docker host. Docker
 * only: on Kubernetes the kubelet embeds cAdvisor and serves the same
 * metrics. It runs as root, unprivileged and without capabilities: root
 * owns what it reads (every container's cgroups under /sys, the engine's
 * socket under /var/run and its data directory for per-container disk use),
 * so no privilege is needed for those. Not privileged, it cannot read the
 * kernel log (/dev/kmsg), so it reports no OOM-kill events
 * (`container_oom_events_total` stays 0; the memory panels still show a
 * container at its limit), and it sees block devices only through /dev/disk
 * where the host has it. Privileged mode is also refused by some engines
 * (rootless, or VMs without the capabilities to grant).
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
      privileged: false,
      mounts: [
        { hostPath: "/", mountPath: "/rootfs", readOnly: true },
        { hostPath: "/var/run", mountPath: "/var/run", readOnly: true },
        { hostPath: "/sys", mountPath: "/sys", readOnly: true },
        { hostPath: "/dev/disk", mountPath: "/dev/disk", readOnly: true, optional: true },
      ],
      // Found where the engine keeps it (Debian's default /var/lib/docker,
      // a snap's /var/snap/docker/common/var-lib-docker, a NAS's volume).
      engineDataRoot: true,
      reason:
        "cAdvisor reads every container's cgroups (/sys), the engine's socket (/var/run) and data directory " +
        "(per-container disk use) and disk devices (/dev/disk, where present); all are owned by root, so it runs as " +
        "root, unprivileged and without capabilities",
    },
    allowFrom: [{ ports: ["metrics"], from: [roles.prometheus] }],
  };
}
