import { createHash } from "node:crypto";
import type { DockerHealthcheck } from "./healthcheck";

/** The container settings the provider calls updatable but does not apply in place. */
export interface InPlaceSettings {
  readonly healthcheck: DockerHealthcheck | undefined;
  readonly tmpfs: Readonly<Record<string, string>>;
  /** CFS quota in microseconds (see quantities.ts). */
  readonly cpuQuota: number;
}

/**
 * The provider marks most container fields ForceNew, so changing them
 * replaces the container. Three it does not: `healthcheck`, `tmpfs` and
 * `cpuQuota` are updatable in its schema, yet its update only applies restart
 * policy, CPU shares and memory, so a changed health check, scratch path or
 * CPU limit would be reported as updated while the running container keeps
 * the old one. A hash of them goes
 * into a label (labels are ForceNew and not read back from the engine, so
 * the label itself never shows a spurious diff): a change replaces the
 * container, like every other change.
 *
 * `replaceOnChanges: ["healthcheck"]` would do the same, but the provider
 * reads health checks back from the engine in its own spelling, and any
 * difference would then replace the container on every `pulumi up`.
 */
export function inPlaceSettingsHash({ healthcheck, tmpfs, cpuQuota }: InPlaceSettings): string {
  return createHash("sha256")
    .update(JSON.stringify({ healthcheck: healthcheck ?? null, tmpfs: Object.entries(tmpfs).sort(), cpuQuota }))
    .digest("hex")
    .slice(0, 16);
}
