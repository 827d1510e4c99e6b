import { createHash } from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedFile } from "../types";
import type { Placement } from "./placement";
import { labelsFor } from "./labels";
import { baseNameOf, directoryOf, dnsLabelFromPath } from "./names";
import type { MountedConfig } from "./podTemplate";

/**
 * A workload's files as Kubernetes sees them: one ConfigMap per directory of
 * plain files and one Secret per directory of secret files, each mounted
 * read-only at its directory. Keys are the file names. A directory too big
 * for one object (many rule files, many dashboards) is split into parts,
 * mounted together at the directory through a projected volume.
 */
export interface ConfigDirectory {
  /** Absolute directory inside the container. */
  readonly directory: string;
  /** DNS label derived from the directory: volume name and Pulumi name part. */
  readonly slug: string;
  /** Secret directories become Secrets, the others ConfigMaps. */
  readonly sensitive: boolean;
  /**
   * The workload reads the directory's files again by itself on change: its
   * objects keep fixed names and are updated in place (the kubelet refreshes
   * the mounted files), and its files stay out of `checksum/config`, so a
   * change is a reload, not a rollout.
   */
  readonly reloadsLive: boolean;
  /** File contents by file name, one map per object, each within `maxObjectBytes`. */
  readonly parts: readonly Readonly<Record<string, pulumi.Input<string>>>[];
}

/**
 * The most file bytes one ConfigMap or Secret carries. The API server
 * refuses an object over 1 MiB (etcd's request limit is 1.5 MiB); the
 * margin is for the object's metadata and for the secret values that
 * replace their tokens in sensitive files.
 */
export const maxObjectBytes = 768 * 1024;

/** Files in name order, packed into parts of at most `limit` bytes (names count too). */
function packParts(directory: string, files: readonly ResolvedFile[], limit: number): ResolvedFile[][] {
  const parts: ResolvedFile[][] = [];
  let current: ResolvedFile[] = [];
  let used = 0;
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const size = file.bytes + Buffer.byteLength(baseNameOf(file.path));
    if (size > limit) {
      throw new Error(
        `${file.path} is ${Math.ceil(file.bytes / 1024)} KiB, more than one ConfigMap or Secret holds ` +
          `(${limit / 1024} KiB of files; the API server's limit is 1 MiB): the model must split it into files under ${directory}`,
      );
    }
    if (used + size > limit && current.length > 0) {
      parts.push(current);
      current = [];
      used = 0;
    }
    current.push(file);
    used += size;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** Groups files by directory, in a stable order (sorted by directory), each directory in parts that fit one object. */
export function configDirectories(files: readonly ResolvedFile[], limit: number = maxObjectBytes): ConfigDirectory[] {
  const byDirectory = new Map<string, ResolvedFile[]>();
  for (const file of files) {
    const directory = directoryOf(file.path);
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), file]);
  }
  return [...byDirectory.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([directory, grouped]) => {
      const sensitive = grouped.some((file) => file.sensitive);
      const allLive = grouped.every((file) => file.reloadsLive);
      if (!allLive && grouped.some((file) => file.reloadsLive)) {
        throw new Error(
          `${directory} mixes files the workload reloads live with files it does not; ` +
            "a directory is one mounted object, so the model must mark all of its files or none",
        );
      }
      // A Secret is replaced on change whatever the provider's switches
      // (only ConfigMaps are made mutable), so secret files always roll.
      const reloadsLive = allLive && !sensitive;
      const parts = packParts(directory, grouped, limit).map((part) => {
        const entries: Record<string, pulumi.Input<string>> = {};
        for (const file of part) {
          entries[baseNameOf(file.path)] = sensitive ? pulumi.secret(file.content) : plainContent(file);
        }
        return entries;
      });
      return { directory, slug: `config-${dnsLabelFromPath(directory, 56)}`, sensitive, reloadsLive, parts };
    });
}

/**
 * The content of a file bound for a ConfigMap. A file not marked sensitive
 * whose content is nonetheless a secret Output would land in a ConfigMap in
 * clear text; the registration fails instead (see `assertNotSecret`).
 */
export function plainContent(file: ResolvedFile): pulumi.Input<string> {
  if (!pulumi.Output.isInstance(file.content)) return file.content;
  // Combined with `all` rather than chained on the promise, so the content
  // keeps the resources it depends on.
  return pulumi.all([file.content, assertNotSecret(file)]).apply(([content]) => content);
}

/**
 * Rejects when a file that is not marked sensitive carries a secret Output,
 * which is a bug in whoever built the file (the model marks files that embed
 * secret tokens).
 */
export async function assertNotSecret(file: ResolvedFile): Promise<void> {
  if (pulumi.Output.isInstance(file.content) && (await pulumi.isSecret(pulumi.output(file.content)))) {
    throw new Error(
      `${file.path} holds a secret but is not marked sensitive; it would be stored in a ConfigMap in clear text. ` +
        "Mark the file sensitive so that it goes into a Secret.",
    );
  }
}

/**
 * Value of the pod template's `checksum/config` annotation: a sha256 over the
 * path and checksum of every plain file the workload does not reload live,
 * so `pulumi preview --diff` says which rollout a config change causes.
 * Secret files stay out of it: a hash of a short secret can be guessed, and a
 * secret annotation would hide the whole pod spec in diffs. They roll the
 * pods anyway, because their Secret is auto-named and replaced under a new
 * name when its content changes, which changes the pod template's volume.
 * Files reloaded live stay out too: their change is a reload, not a rollout.
 * Undefined when no file is left.
 */
export function configChecksum(files: readonly ResolvedFile[]): pulumi.Output<string> | undefined {
  const sorted = files
    .filter((file) => !file.sensitive && !file.reloadsLive)
    .sort((a, b) => a.path.localeCompare(b.path));
  if (sorted.length === 0) return undefined;
  return pulumi.all(sorted.map((file) => file.checksum)).apply((checksums) =>
    createHash("sha256")
      .update(sorted.map((file, index) => `${file.path} ${checksums[index]}`).join("\n"))
      .digest("hex"),
  );
}

/**
 * A ConfigMap or Secret per config directory (per part of a directory too
 * big for one: `<slug>`, `<slug>-part2`, …). Auto-named, so that a changed
 * file replaces the object under a new name (create before delete) and
 * running pods keep their files until the rollout replaces them; except a
 * directory the workload reloads live, whose ConfigMaps are named
 * `<role>-<slug>[-partN]` in the stack's namespace and updated in place
 * (Pulumi.yaml sets the provider's `enableConfigMapMutable`; every other
 * object is `immutable`, so the provider still replaces it).
 */
export function createConfigObjects(
  name: string,
  role: string,
  files: readonly ResolvedFile[],
  placement: Placement,
): { mounts: MountedConfig[]; resources: pulumi.Resource[] } {
  const mounts: MountedConfig[] = [];
  const resources: pulumi.Resource[] = [];
  for (const directory of configDirectories(files)) {
    const objects = directory.parts.map((entries, index) => {
      // The first part keeps the name a directory always had, so that
      // splitting a directory leaves the existing object in place.
      const part = `${directory.slug}${index === 0 ? "" : `-part${index + 1}`}`;
      const resourceName = `${name}-${part}`;
      const metadata = {
        namespace: placement.namespace,
        labels: labelsFor(role),
        ...(directory.reloadsLive ? { name: `${role}-${part}` } : {}),
      };
      // Objects of files that roll the pods are immutable: the provider then
      // replaces them on change even with mutable ConfigMaps on (Pulumi.yaml),
      // and the kubelet need not watch them.
      const immutable = !directory.reloadsLive;
      return directory.sensitive
        ? new k8s.core.v1.Secret(
            resourceName,
            { metadata, type: "Opaque", immutable, stringData: entries },
            placement.opts,
          )
        : new k8s.core.v1.ConfigMap(resourceName, { metadata, immutable, data: entries }, placement.opts);
    });
    resources.push(...objects);
    mounts.push({
      directory: directory.directory,
      volumeName: directory.slug,
      sensitive: directory.sensitive,
      objectNames: objects.map((object) => object.metadata.name),
    });
  }
  return { mounts, resources };
}
