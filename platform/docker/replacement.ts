import { createHash } from "node:crypto";
import type { DockerHealthcheck } from "./healthcheck";

/**
 * The provider marks most container fields ForceNew, so changing them
 * replaces the container. Two it does not: `healthcheck` and `tmpfs` are
 * updatable in its schema, yet its update only applies restart policy, CPU
 * and memory, so a changed health check or scratch path would be reported as
 * updated while the running container keeps the old one. A hash of both goes
 * into a label (labels are ForceNew and not read back from the engine, so
 * the label itself never shows a spurious diff): a change replaces the
 * container, like every other change.
 *
 * `replaceOnChanges: ["healthcheck"]` would do the same, but the provider
 * reads health checks back from the engine in its own spelling, and any
 * difference would then replace the container on every `pulumi up`.
 */
export function inPlaceSettingsHash(
  healthcheck: DockerHealthcheck | undefined,
  tmpfs: Readonly<Record<string, string>>,
): string {
  return createHash("sha256")
    .update(JSON.stringify({ healthcheck: healthcheck ?? null, tmpfs: Object.entries(tmpfs).sort() }))
    .digest("hex")
    .slice(0, 16);
}
