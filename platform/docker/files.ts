import type * as docker from "@pulumi/docker";
import type { ResolvedWorkload } from "../types";

/**
 * Config files reach a container as `uploads`: the provider writes them into
 * the created container before starting it. Three facts of the provider
 * (terraform-provider-docker, bridged by @pulumi/docker 5.2.0) shape this:
 *
 * - `upload` and each of its fields are ForceNew: a changed file replaces the
 *   container, so a container never runs with stale config. Nothing else is
 *   needed to roll out a config change. (Files the workload reloads by
 *   itself go through a volume instead, so that their change is no restart:
 *   see liveFiles.ts.)
 * - Files are written as root with mode 0644: readable by the non-root
 *   process, which is all it needs; inside a single-process container
 *   world-readable exposes nothing to anyone else.
 * - The upload is a tar archive extracted at `/`, and Docker refuses to
 *   extract onto a read-only root filesystem ("container rootfs is marked
 *   read-only") unless the target is a volume, which `/` never is. A workload
 *   that receives uploads therefore runs with a writable root filesystem; it
 *   keeps a non-root user, no capabilities and no-new-privileges, and its
 *   scratch paths are still tmpfs. Workloads without uploads (no files, or
 *   files on a volume, see liveFiles.ts) get a read-only root.
 */

/** The provider's `uploads`: plain files as text, sensitive files as the secret Outputs they are. */
export function uploads(workload: Pick<ResolvedWorkload, "files">): docker.types.input.ContainerUpload[] {
  return workload.files.map((file) => ({
    file: file.path,
    // Kept as given: a sensitive file's content is a secret Output, and
    // passing it through untouched keeps it secret in state and in diffs.
    content: file.content,
  }));
}

/** Whether any file embeds a secret, for marking the container's `uploads` output secret. */
export function hasSensitiveFiles(workload: Pick<ResolvedWorkload, "files">): boolean {
  return workload.files.some((file) => file.sensitive);
}

/** Scratch directories as tmpfs; `mode=1777` so the non-root process can write them. */
export function scratchTmpfs(workload: Pick<ResolvedWorkload, "scratchPaths">): Record<string, string> {
  return Object.fromEntries(workload.scratchPaths.map((path) => [path, "rw,nosuid,nodev,mode=1777"]));
}
