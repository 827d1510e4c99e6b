import type * as docker from "@pulumi/docker";
import type { Workload } from "../../model/workload";

/**
 * Process isolation and host access of a container: the Docker counterpart
 * of the Kubernetes `restricted` pod security level, with the same single
 * exception (node-level exporters) the model declares in `host`.
 */

/** The subset of the provider's container args this module decides. */
export type SecurityArgs = Pick<
  docker.ContainerArgs,
  "user" | "capabilities" | "securityOpts" | "privileged" | "pidMode" | "mounts"
>;

/**
 * - Unprivileged workloads run as the model's uid:gid with every capability
 *   dropped and `no-new-privileges`, so a compromised process cannot regain
 *   root through setuid binaries.
 * - `host.privileged` (cAdvisor reading the engine's cgroups) runs as the
 *   image's user with Docker's privileged mode; dropping capabilities there
 *   would contradict it.
 * - `host.pid` shares the host's process namespace (node-exporter's process
 *   metrics).
 * - `host.network` is deliberately not honoured: on Docker, host networking
 *   would take node-exporter off the stack's network, and Prometheus scrapes it
 *   as `node-exporter:9100` by its network alias. (On Docker Desktop the
 *   "host" is a VM anyway, so host networking would not show the laptop's
 *   interfaces either.)
 * - `host.mounts` become bind mounts with the model's read-only flag.
 */
export function securityArgs(workload: Pick<Workload, "user" | "host">): SecurityArgs {
  const host = workload.host;
  const privileged = host?.privileged ?? false;
  const confinement: SecurityArgs = privileged
    ? { privileged: true }
    : {
        user: `${workload.user.uid}:${workload.user.gid}`,
        capabilities: { drops: ["ALL"] },
        securityOpts: ["no-new-privileges:true"],
      };
  const mounts = (host?.mounts ?? []).map((mount): docker.types.input.ContainerMount => ({
    type: "bind",
    source: mount.hostPath,
    target: mount.mountPath,
    readOnly: mount.readOnly,
  }));
  return {
    ...confinement,
    ...(host?.pid === true ? { pidMode: "host" } : {}),
    ...(mounts.length > 0 ? { mounts } : {}),
  };
}
