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
 * read-only at its directory. Keys are the file names.
 */
export interface ConfigDirectory {
  /** Absolute directory inside the container. */
  readonly directory: string;
  /** DNS label derived from the directory: volume name and Pulumi name part. */
  readonly slug: string;
  /** Secret directories become Secrets, the others ConfigMaps. */
  readonly sensitive: boolean;
  /** File contents by file name. */
  readonly entries: Readonly<Record<string, pulumi.Input<string>>>;
}

/** Groups files by directory, in a stable order (sorted by directory). */
export function configDirectories(files: readonly ResolvedFile[]): ConfigDirectory[] {
  const byDirectory = new Map<string, ResolvedFile[]>();
  for (const file of files) {
    const directory = directoryOf(file.path);
    byDirectory.set(directory, [...(byDirectory.get(directory) ?? []), file]);
  }
  return [...byDirectory.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([directory, grouped]) => {
      const sensitive = grouped.some((file) => file.sensitive);
      const entries: Record<string, pulumi.Input<string>> = {};
      for (const file of grouped) {
        entries[baseNameOf(file.path)] = sensitive ? pulumi.secret(file.content) : plainContent(file);
      }
      return { directory, slug: `config-${dnsLabelFromPath(directory, 56)}`, sensitive, entries };
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
 * path and checksum of every plain file, so `pulumi preview --diff` says which
 * rollout a config change causes. Secret files stay out of it: a hash of a
 * short secret can be guessed, and a secret annotation would hide the whole
 * pod spec in diffs. They roll the pods anyway, because their Secret is
 * auto-named and replaced under a new name when its content changes, which
 * changes the pod template's volume. Undefined without plain files.
 */
export function configChecksum(files: readonly ResolvedFile[]): pulumi.Output<string> | undefined {
  const sorted = files.filter((file) => !file.sensitive).sort((a, b) => a.path.localeCompare(b.path));
  if (sorted.length === 0) return undefined;
  return pulumi.all(sorted.map((file) => file.checksum)).apply((checksums) =>
    createHash("sha256")
      .update(sorted.map((file, index) => `${file.path} ${checksums[index]}`).join("\n"))
      .digest("hex"),
  );
}

/**
 * A ConfigMap or Secret per config directory, auto-named: a changed file
 * replaces the object under a new name (create before delete), so running
 * pods keep their files until the rollout replaces them.
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
    const metadata = { namespace: placement.namespace, labels: labelsFor(role) };
    const object = directory.sensitive
      ? new k8s.core.v1.Secret(
          `${name}-${directory.slug}`,
          { metadata, type: "Opaque", stringData: directory.entries },
          placement.opts,
        )
      : new k8s.core.v1.ConfigMap(`${name}-${directory.slug}`, { metadata, data: directory.entries }, placement.opts);
    resources.push(object);
    mounts.push({
      directory: directory.directory,
      volumeName: directory.slug,
      sensitive: directory.sensitive,
      objectName: object.metadata.name,
    });
  }
  return { mounts, resources };
}
