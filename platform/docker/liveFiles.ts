import { createHash } from "node:crypto";
import * as posixPath from "node:path/posix";
import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedSettings } from "../../settings/validate";
import type { ResolvedFile, ResolvedWorkload } from "../types";
import { hasSensitiveFiles, uploads } from "./files";
import { filesName, labelKeys, labelList } from "./names";

/**
 * Files a workload reloads by itself (Prometheus's configuration and rule
 * files) must change under the running container, or a rule change would
 * restart it. Uploads cannot do that: the provider writes them only into a
 * container it creates, and a changed upload replaces the container. So a
 * workload with any such file gets its files under their directory through a
 * named volume (see `filesRoot`):
 *
 * - A one-shot loader container, from the workload's own image, receives
 *   those files as uploads at their usual paths, copies exactly those into a
 *   new directory on the volume and switches a `..data` link to it in one
 *   rename, the way Kubernetes updates a mounted ConfigMap. A reader never
 *   sees half of a change; files dropped from the stack go with the old
 *   directory. Top-level entries are links through `..data`.
 * - A changed file replaces only the loader (its uploads are ForceNew); the
 *   workload keeps running and reads the new files, mounted read-only at their
 *   common directory, on its next check.
 * - A change to a file the workload does not reload still restarts it: the
 *   checksums of those files are the workload container's replacement trigger.
 *
 * The image needs a POSIX shell with `mktemp`, `chmod`, `mkdir`, `dirname`,
 * `cp`, `ln`, `mv -T` and `rm` (BusyBox has them, as do the Prometheus images).
 */

/** Where the loader mounts the volume. */
const loaderMountPath = "/volume";

/**
 * The loader's program, run as `sh -c script load-files <root> <volume> <file>...`
 * with the files' paths relative to `<root>`. It stops at the first failure
 * (`set -eu`), before the switch, so the running workload keeps the old files.
 */
export const loaderScript = [
  "set -eu",
  'root=$1 volume=$2; shift 2; cd "$volume"',
  // A fresh directory per run, never the one in use; readable by the workload's user.
  'generation=$(mktemp -d ..XXXXXXXX); chmod 755 "$generation"',
  'for file in "$@"; do mkdir -p "$generation/$(dirname "$file")"; cp -p "$root/$file" "$generation/$file"; done',
  // New top-level entries get their links before the switch, so whatever the
  // new files refer to is there the moment they appear.
  'for entry in "$generation"/*; do name=${entry##*/}; [ -L "$name" ] || ln -s "..data/$name" "$name"; done',
  'rm -f ..data.next; ln -s "$generation" ..data.next; mv -T ..data.next ..data',
  'for entry in *; do if [ -L "$entry" ] && [ ! -e "$entry" ]; then rm "$entry"; fi; done',
  'for entry in ..?*; do case $entry in ..data | "$generation") ;; *) rm -rf "$entry" ;; esac; done',
].join("\n");

/** Whether the workload's files travel through a files volume: some file reloads live. */
export function deliversFilesLive(workload: Pick<ResolvedWorkload, "files">): boolean {
  return workload.files.some((file) => file.reloadsLive);
}

/**
 * The deepest directory that holds every file the workload reloads live,
 * where the volume is mounted; the workload's other files below it travel
 * with them, those elsewhere (a certificate under `/etc/tls`) stay uploads.
 * @throws when those files share no directory below a top-level one (a model
 *   bug: a volume over `/etc` would hide the image's, and Docker's own files there).
 */
export function filesRoot(workload: Pick<ResolvedWorkload, "role" | "files">): string {
  const live = workload.files.filter((file) => file.reloadsLive);
  const directories = live.map((file) => posixPath.dirname(file.path).split("/").filter(Boolean));
  const first = directories[0] ?? [];
  let depth = 0;
  while (depth < first.length && directories.every((parts) => parts[depth] === first[depth])) depth += 1;
  if (depth < 2) {
    throw new Error(
      `${workload.role}: the files it reloads live (${live.map((file) => file.path).join(", ")}) share no ` +
        "directory below a top-level one, and Docker would hide the image's /etc or /usr under their volume; " +
        "keep them under one directory of their own (e.g. /etc/<role>)",
    );
  }
  return `/${first.slice(0, depth).join("/")}`;
}

/** The workload's files on the volume (under `root`, see `filesRoot`) and those it still receives as uploads. */
export function filesByDelivery(workload: Pick<ResolvedWorkload, "role" | "files">): {
  readonly root: string;
  readonly onVolume: readonly ResolvedFile[];
  readonly uploaded: readonly ResolvedFile[];
} {
  const root = filesRoot(workload);
  const under = (file: ResolvedFile) => file.path.startsWith(`${root}/`);
  return { root, onVolume: workload.files.filter(under), uploaded: workload.files.filter((file) => !under(file)) };
}

/** References the loader needs, created before it. */
export interface LoaderRefs {
  /** Image ID of the workload's pulled image. */
  readonly image: pulumi.Input<string>;
  /** Name of the files volume. */
  readonly volume: pulumi.Input<string>;
}

/**
 * The loader container: run once on create (`attach` waits for it to end)
 * and left stopped (`mustRun: false`), with no network and no capabilities.
 * It runs as root because the volume is root's until something is written;
 * the files it writes are root's and world-readable, like uploads.
 */
export function loaderArgs(
  workload: ResolvedWorkload,
  settings: Pick<ResolvedSettings, "docker" | "stack">,
  refs: LoaderRefs,
): docker.ContainerArgs {
  const { root, onVolume: files } = filesByDelivery(workload);
  return {
    name: filesName(settings, workload.role),
    image: refs.image,
    entrypoints: ["/bin/sh", "-c", loaderScript, "load-files"],
    command: [root, loaderMountPath, ...files.map((file) => posixPath.relative(root, file.path))],
    uploads: uploads({ files }),
    // Uploads need a writable root filesystem (see files.ts).
    readOnly: false,
    volumes: [{ volumeName: refs.volume, containerPath: loaderMountPath }],
    networkMode: "none",
    user: "0:0",
    capabilities: { drops: ["ALL"] },
    securityOpts: ["no-new-privileges:true"],
    mustRun: false,
    attach: true,
    memory: loaderMemoryMiB,
    memorySwap: loaderMemoryMiB,
    logDriver: "json-file",
    logOpts: { "max-size": "1m", "max-file": "1" },
    labels: labelList({
      [labelKeys.stack]: settings.stack,
      [labelKeys.role]: `${workload.role}-files`,
      [labelKeys.image]: workload.image,
    }),
  };
}

/** The loader's outputs that carry file contents, to keep secret in state. */
export function loaderSecretOutputs(workload: Pick<ResolvedWorkload, "role" | "files">): string[] {
  return hasSensitiveFiles({ files: filesByDelivery(workload).onVolume }) ? ["uploads"] : [];
}

/** Enough for BusyBox copying a few MiB of text. */
const loaderMemoryMiB = 32;

/**
 * What went wrong when the loader exited with `code`, naming its logs; nothing
 * when it succeeded, or when no engine ran it (tests under mocks report no code).
 */
export function loaderFailure(
  code: number | undefined,
  settings: Pick<ResolvedSettings, "docker" | "stack">,
  role: string,
): string | undefined {
  if (code === undefined || code === 0) return undefined;
  return (
    `${role}: the container that writes its files exited with code ${code}; ` +
    `see \`docker logs ${filesName(settings, role)}\`. The running ${role} keeps its previous files`
  );
}

/**
 * What the workload waits for: the loader's exit code, once known, checked.
 * @throws (in the Output) the `loaderFailure` when the loader failed.
 */
export function loaderSucceeded(
  exitCode: pulumi.Output<number | undefined>,
  settings: Pick<ResolvedSettings, "docker" | "stack">,
  role: string,
): pulumi.Output<void> {
  return exitCode.apply((code) => {
    const failure = loaderFailure(code, settings, role);
    if (failure !== undefined) throw new Error(failure);
  });
}

/**
 * A digest of the files on the volume that the workload does not reload by
 * itself: when it changes, the workload's container is replaced (its
 * replacement trigger). Secret when any of those files is.
 */
export function restartTrigger(workload: Pick<ResolvedWorkload, "role" | "files">): pulumi.Output<string> {
  const fixed = filesByDelivery(workload).onVolume.filter((file) => !file.reloadsLive);
  return pulumi
    .all(fixed.map((file) => pulumi.all([file.path, file.checksum])))
    .apply((entries) => createHash("sha256").update(JSON.stringify(entries)).digest("hex"));
}
