import type * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedSettings } from "../../settings/validate";
import type { ResolvedFile, ResolvedWorkload } from "../types";
import { hasSensitiveFiles, scratchTmpfs, uploads } from "./files";
import { filesByDelivery, filesRoot } from "./liveFiles";
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
  /**
   * Name of the volume that carries the workload's files, when they reload
   * live (see liveFiles.ts); otherwise they are uploads of this container.
   */
  readonly filesVolume?: pulumi.Input<string>;
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
  const direct = directFiles(workload, refs);
  const uploaded = direct.length > 0;
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
    // Uploads need a writable root filesystem (see files.ts).
    readOnly: !uploaded,
    ...(Object.keys(tmpfs).length > 0 ? { tmpfs } : {}),
    ...(uploaded ? { uploads: uploads({ files: direct }) } : {}),
    ...volumeArgs(workload, refs),
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
 * The named data volume at the model's mount path, and the files volume
 * read-only at the files' common directory.
 * @throws when the workload has a data directory but no volume was created for it.
 */
function volumeArgs(workload: ResolvedWorkload, refs: ContainerRefs): Pick<docker.ContainerArgs, "volumes"> {
  const volumes: docker.types.input.ContainerVolume[] = [];
  if (workload.dataVolume !== undefined) {
    if (refs.dataVolume === undefined)
      throw new Error(`${workload.role}: has a data directory but no volume was given`);
    volumes.push({ volumeName: refs.dataVolume, containerPath: workload.dataVolume.mountPath });
  }
  if (refs.filesVolume !== undefined) {
    volumes.push({ volumeName: refs.filesVolume, containerPath: filesRoot(workload), readOnly: true });
  }
  return volumes.length > 0 ? { volumes } : {};
}

/** The files the container receives as uploads: all, or those not on its files volume. */
function directFiles(workload: ResolvedWorkload, refs: Pick<ContainerRefs, "filesVolume">): readonly ResolvedFile[] {
  return refs.filesVolume === undefined ? workload.files : filesByDelivery(workload).uploaded;
}

/** Outputs of a container that carry uploaded file contents, to keep secret in state. */
export function secretOutputs(workload: ResolvedWorkload, refs: Pick<ContainerRefs, "filesVolume"> = {}): string[] {
  return hasSensitiveFiles({ files: directFiles(workload, refs) }) ? ["uploads"] : [];
}
