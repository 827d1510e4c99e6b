import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedFile } from "../types";
import { baseNameOf, directoryOf, dnsLabelFromPath } from "./names";

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
  return pulumi.output(assertNotSecret(file).then(() => file.content));
}

/**
 * Rejects when a file that is not marked sensitive carries a secret Output,
 * which is a bug in whoever built the file (the model marks files that embed
 * secret tokens).
 */
export async function assertNotSecret(file: ResolvedFile): Promise<void> {
  if (pulumi.Output.isInstance(file.content) && (await file.content.isSecret)) {
    throw new Error(
      `${file.path} holds a secret but is not marked sensitive; it would be stored in a ConfigMap in clear text. ` +
        "Mark the file sensitive so that it goes into a Secret.",
    );
  }
}

/**
 * Value of the pod template's `checksum/config` annotation: a sha256 over
 * every file's path and checksum, so that changing any file rolls the pods.
 * Secret when any checksum is (a hash of a short secret can be guessed).
 * Undefined for a workload without files.
 */
export function configChecksum(files: readonly ResolvedFile[]): pulumi.Output<string> | undefined {
  if (files.length === 0) return undefined;
  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  return pulumi.all(sorted.map((file) => file.checksum)).apply((checksums) =>
    createHash("sha256")
      .update(sorted.map((file, index) => `${file.path} ${checksums[index]}`).join("\n"))
      .digest("hex"),
  );
}
