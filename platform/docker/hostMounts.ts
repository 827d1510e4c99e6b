import type * as docker from "@pulumi/docker";
import type { HostAccess } from "../../model/workload";
import type { EngineFacts } from "./engine";

/**
 * The bind mounts of a workload with host access, resolved against the
 * engine: the engine's data directory where the model asks for it (at the
 * same path inside, where a tool that asks the engine for it looks), and
 * optional paths only where the host has them. On an engine this process
 * cannot see into (a remote one), optional paths are left out: a missing
 * bind source would abort the deployment, a missing optional mount only
 * costs the detail it gives.
 * @param exists whether a path exists on this machine (for a local engine).
 */
export function hostMounts(
  host: Pick<HostAccess, "mounts" | "engineDataRoot"> | undefined,
  facts: EngineFacts,
  exists: (path: string) => boolean,
): docker.types.input.ContainerMount[] {
  if (host === undefined) return [];
  const mounts = host.mounts
    .filter((mount) => mount.optional !== true || (facts.local && exists(mount.hostPath)))
    .map((mount) => ({ type: "bind", source: mount.hostPath, target: mount.mountPath, readOnly: mount.readOnly }));
  if (host.engineDataRoot === true) {
    mounts.push({ type: "bind", source: facts.dataRoot, target: facts.dataRoot, readOnly: true });
  }
  return mounts;
}

/** Whether a workload binds host paths at all (only those need the engine's facts). */
export function bindsHostPaths(host: Pick<HostAccess, "mounts" | "engineDataRoot"> | undefined): boolean {
  return host !== undefined && (host.mounts.length > 0 || host.engineDataRoot === true);
}
