import type { ResolvedSettings } from "../../settings/validate";

/**
 * Names of the Docker objects a developer sees in `docker ps`,
 * `docker network ls` and `docker volume ls`. They are fixed (not Pulumi
 * auto-names) because people type them: `docker logs obs-dev-prometheus`.
 * Fixed names are also why every object is replaced delete-first: a new
 * container cannot take a name (or a published port) its predecessor holds.
 */

type NameSettings = Pick<ResolvedSettings, "docker" | "stack">;

/** Prefix of every object of the stack: `docker.namePrefix`, else `obs-<stack>`. */
export function namePrefix(settings: NameSettings): string {
  return settings.docker.namePrefix ?? `obs-${settings.stack}`;
}

/** Container name of a role, e.g. `obs-dev-prometheus`. */
export function containerName(settings: NameSettings, role: string): string {
  return `${namePrefix(settings)}-${role}`;
}

/** Name of the stack's bridge network, e.g. `obs-dev-net`. */
export function networkName(settings: NameSettings): string {
  return `${namePrefix(settings)}-net`;
}

/** Name of a role's data volume, e.g. `obs-dev-prometheus-data`. */
export function volumeName(settings: NameSettings, role: string): string {
  return `${namePrefix(settings)}-${role}-data`;
}

/**
 * Name of the volume that carries a role's files and of the one-shot
 * container that writes them (see liveFiles.ts), e.g. `obs-dev-prometheus-files`.
 */
export function filesName(settings: NameSettings, role: string): string {
  return `${namePrefix(settings)}-${role}-files`;
}

/**
 * Label keys on every object, in the spirit of Compose's
 * `com.docker.compose.project`: `docker ps --filter label=observability-stack=dev`
 * lists one stack's containers.
 */
export const labelKeys = {
  stack: "observability-stack",
  role: "observability-stack.role",
  /**
   * The image reference the container runs, as pinned: its `image` field is
   * the RemoteImage's ID, unknown until apply, so a policy judging a preview
   * reads this label instead.
   */
  image: "observability-stack.image",
  /** Hash of settings the provider cannot change in place (see `replacement.ts`). */
  specHash: "observability-stack.spec-hash",
} as const;

/** The `{ label, value }` pairs the provider expects, from a plain map. */
export function labelList(labels: Readonly<Record<string, string>>): { label: string; value: string }[] {
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, value]) => ({ label, value }));
}
