import type * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedSettings } from "../../settings/validate";
import type { ResolvedWorkload } from "../types";
import { hasSensitiveFiles, readOnlyRoot, scratchTmpfs, uploads } from "./files";
import { dockerHealthcheck } from "./healthcheck";
import { containerName, labelKeys, labelList } from "./names";
import { publishedPorts } from "./ports";
import { cpuPeriodMicros, cpuQuotaMicros, memoryMiB } from "./quantities";
import { inPlaceSettingsHash } from "./replacement";
import { securityArgs } from "./security";

/** Resources a container refers to, created before it. */
export interface ContainerRefs {
  /** Image ID of the pulled image. */
  readonly image: pulumi.Input<string>;
  /** Name of the stack's network. */
  readonly network: pulumi.Input<string>;
  /** Name of the workload's data volume, when it has one. */
  readonly dataVolume?: pulumi.Input<string>;
  /** Host bind mounts, resolved against the engine (see hostMounts.ts). */
  readonly mounts?: pulumi.Input<docker.types.input.ContainerMount[]>;
}

/** Seconds Docker waits after SIGTERM on removal: Prometheus and Alertmanager flush their data on shutdown. */
const stopGraceSeconds = 30;

/**
 * The container of one workload. The Docker target runs exactly one
 * container per workload whatever its `kind` and `replicas` say: a developer's
 * machine has one node, and the model's addresses on Docker name one instance
 * per role (`replicaAddresses`).
 *
 * `identityEnv` is ignored: Docker does not tell a container its own
 * identity the way Kubernetes's downward API does, and the model asks for
 * it only where the target has `podNames` (model/targetTraits.ts).
 */
export function containerArgs(
  workload: ResolvedWorkload,
  settings: Pick<ResolvedSettings, "docker" | "stack">,
  refs: ContainerRefs,
): docker.ContainerArgs {
  const healthcheck = dockerHealthcheck(workload.health);
  const tmpfs = scratchTmpfs(workload);
  const ports = publishedPorts(workload, settings);
  const limits = workload.resources.limits;
  const memory = memoryMiB(limits.memory);
  const cpuQuota = cpuQuotaMicros(limits.cpu);
  return {
    name: containerName(settings, workload.role),
    image: refs.image,
    // Kubernetes semantics: `command` replaces the image's entrypoint and
    // `args` its CMD. Docker, like Kubernetes, drops the image's CMD when the
    // entrypoint is replaced, so no args means none rather than the image's.
    ...(workload.command !== undefined ? { entrypoints: [...workload.command] } : {}),
    ...(workload.args.length > 0 ? { command: [...workload.args] } : {}),
    envs: Object.entries(workload.env)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => `${key}=${value}`),
    networksAdvanced: [{ name: refs.network, aliases: [workload.role] }],
    // Apps on the developer's machine (the stack's scrape targets) are
    // reached as host.docker.internal; Docker Desktop defines it, Linux
    // engines need this entry.
    hosts: [{ host: "host.docker.internal", ip: "host-gateway" }],
    ...(ports.length > 0 ? { ports } : {}),
    restart: "unless-stopped",
    destroyGraceSeconds: stopGraceSeconds,
    ...securityArgs(workload),
    ...(refs.mounts !== undefined ? { mounts: refs.mounts } : {}),
    readOnly: readOnlyRoot(workload),
    ...(Object.keys(tmpfs).length > 0 ? { tmpfs } : {}),
    ...(workload.files.length > 0 ? { uploads: uploads(workload) } : {}),
    ...dataVolumeArgs(workload, refs),
    ...(healthcheck !== undefined ? { healthcheck } : {}),
    memory,
    // Memory and swap together equal to the limit: no swap. Left unset, the
    // engine picks twice the memory, reads it back and shows drift.
    memorySwap: memory,
    cpuPeriod: cpuPeriodMicros,
    cpuQuota,
    // Bounded logs: a chatty exporter must not fill the laptop's disk.
    logDriver: "json-file",
    logOpts: { "max-size": "10m", "max-file": "3" },
    labels: labelList({
      [labelKeys.stack]: settings.stack,
      [labelKeys.role]: workload.role,
      [labelKeys.image]: workload.image,
      [labelKeys.specHash]: inPlaceSettingsHash({ healthcheck, tmpfs, cpuQuota }),
    }),
  };
}

/**
 * The named data volume at the model's mount path.
 * @throws when the workload has a data directory but no volume was created for it.
 */
function dataVolumeArgs(workload: ResolvedWorkload, refs: ContainerRefs): Pick<docker.ContainerArgs, "volumes"> {
  if (workload.dataVolume === undefined) return {};
  if (refs.dataVolume === undefined) throw new Error(`${workload.role}: has a data directory but no volume was given`);
  return { volumes: [{ volumeName: refs.dataVolume, containerPath: workload.dataVolume.mountPath }] };
}

/** Outputs of the container that carry file contents, to keep secret in state. */
export function secretOutputs(workload: ResolvedWorkload): string[] {
  return hasSensitiveFiles(workload) ? ["uploads"] : [];
}
