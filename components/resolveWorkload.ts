import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { bcryptHashKey, fillSecrets, secretKeysIn } from "../model/secrets";
import type { Workload } from "../model/workload";
import type { ResolvedFile, ResolvedWorkload } from "../platform/types";

/** Secret values by config key, each a secret Output. */
export type SecretOutputs = Readonly<Record<string, pulumi.Output<string>>>;

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Fills a workload's secret tokens from secret Outputs. A file that embeds a
 * secret becomes a secret Output itself, and so does its checksum; a file
 * without one stays plain text that `pulumi preview --diff` shows line by line.
 * @throws when a file names a secret that has no value (a bug: settings
 *   validation makes every referenced secret present or generated).
 */
export function resolveWorkload(workload: Workload, secrets: SecretOutputs): ResolvedWorkload {
  const files = workload.files.map((file): ResolvedFile => {
    const keys = secretKeysIn(file.content);
    const bytes = Buffer.byteLength(file.content, "utf8");
    const reloadsLive = file.reloadsLive === true;
    if (keys.length === 0) {
      const checksum = sha256(file.content);
      return { path: file.path, content: file.content, sensitive: false, checksum, bytes, reloadsLive };
    }
    const missing = keys.filter((key) => secrets[key] === undefined);
    if (missing.length > 0) {
      throw new Error(
        `${workload.role}: ${file.path} needs secret(s) ${missing.join(", ")}, which the stack did not provide`,
      );
    }
    // Ready-made bcrypt hashes of generated passwords travel with their values (see bcryptHashKey).
    const inputs = [...keys, ...keys.map(bcryptHashKey).filter((key) => secrets[key] !== undefined)];
    const content = pulumi.secret(
      pulumi
        .all(inputs.map((key) => secrets[key]))
        .apply((values) => fillSecrets(file, Object.fromEntries(inputs.map((key, index) => [key, values[index]])))),
    );
    const checksum = pulumi.secret(content.apply(sha256));
    return { path: file.path, content, sensitive: true, checksum, bytes, reloadsLive };
  });
  return { ...workload, files };
}
