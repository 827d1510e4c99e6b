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
  "user" | "capabilities" | "securityOpts" | "privileged" | "pidMode"
>;

/**
 * - Unprivileged workloads run as the model's uid:gid with every capability
 *   dropped and `no-new-privileges`, so a compromised process cannot regain
 *   root through setuid binaries.
 * - `host.privileged` runs as the image's user with Docker's privileged
 *   mode; dropping capabilities there would contradict it. No workload of
 *   the stack asks for it today (cAdvisor runs as root without privileges).
 * - `host.pid` shares the host's process namespace (node-exporter's process
 *   metrics).
 * - `host.network` is deliberately not honoured: on Docker, host networking
 *   would take node-exporter off the stack's network, and Prometheus scrapes it
 *   as `node-exporter:9100` by its network alias. (On Docker Desktop the
 *   "host" is a VM anyway, so host networking would not show the laptop's
 *   interfaces either.)
 * Host mounts are resolved against the engine (see hostMounts.ts).
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
  return {
    ...confinement,
    ...(host?.pid === true ? { pidMode: "host" } : {}),
  };
}
