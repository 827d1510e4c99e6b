import { existsSync } from "node:fs";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedSettings } from "../../settings/validate";
import type { DeployedWorkload, Foundation, ResolvedWorkload } from "../types";
import { containerArgs, secretOutputs } from "./containerArgs";
import { engineFacts } from "./engine";
import { bindsHostPaths, hostMounts } from "./hostMounts";
import { deliversFilesLive, loaderArgs, loaderSecretOutputs, loaderSucceeded, restartTrigger } from "./liveFiles";
import { filesName, labelKeys, labelList, volumeName } from "./names";
import { uiUrl } from "./ports";

/**
 * One workload on Docker: its image, its data volume (stateful workloads), its
 * files volume and their loader (workloads that reload files live, see
 * liveFiles.ts) and its container, named `${name}-image`, `${name}-data`,
 * `${name}-files`, `${name}-files-loader`, `${name}-container` and parented
 * to the component.
 */
export function deployDockerWorkload(
  name: string,
  workload: ResolvedWorkload,
  settings: ResolvedSettings,
  foundation: Foundation,
  parent: pulumi.Resource,
): DeployedWorkload {
  if (workload.tlsSecret !== undefined) {
    // Only certManager and provided deliver TLS as a Kubernetes Secret, and
    // settings validation keeps both off Docker; selfSigned ships files.
    throw new Error(
      `workload '${workload.role}' asks for the Kubernetes Secret '${workload.tlsSecret.secretName}' at ` +
        `${workload.tlsSecret.mountPath}, which Docker cannot mount; on docker use tls.mode none or selfSigned ` +
        "(its certificates arrive as ordinary secret files)",
    );
  }
  const image = new docker.RemoteImage(
    `${name}-image`,
    // Kept on destroy: several workloads may share an image (one exporter per
    // database), and a developer's image cache is not ours to empty.
    { name: workload.image, keepLocally: true },
    { parent },
  );

  const volume =
    workload.dataVolume === undefined
      ? undefined
      : new docker.Volume(
          `${name}-data`,
          {
            name: volumeName(settings, workload.role),
            labels: labelList({ [labelKeys.stack]: settings.stack, [labelKeys.role]: workload.role }),
          },
          // Data outlives containers; the fixed name means a replacement
          // volume can only be created once the old one is gone.
          { parent, deleteBeforeReplace: true },
        );

  const files = deliversFilesLive(workload) ? deployFilesLoader(name, workload, settings, image, parent) : undefined;

  // Asked of the engine only by workloads that bind host paths (cAdvisor,
  // node-exporter): what exists and where the engine keeps its data.
  const mounts = bindsHostPaths(workload.host)
    ? pulumi.output(engineFacts()).apply((facts) => hostMounts(workload.host, facts, existsSync))
    : undefined;
  const refs = {
    image: image.imageId,
    network: foundation.scope,
    ...(volume !== undefined ? { dataVolume: volume.name } : {}),
    ...(mounts !== undefined ? { mounts } : {}),
    ...(files !== undefined ? { filesVolume: files.volume.name } : {}),
  };
  const container = new docker.Container(`${name}-container`, containerArgs(workload, settings, refs), {
    parent,
    // Started once its files are on the volume (and only if writing them worked).
    dependsOn: [...foundation.dependsOn, ...(files !== undefined ? [files.loaded] : [])],
    // Fixed container name and host ports: the old container must be
    // removed before its replacement can start.
    deleteBeforeReplace: true,
    ...(files !== undefined ? { replacementTrigger: restartTrigger(workload) } : {}),
    additionalSecretOutputs: secretOutputs(workload, refs),
  });

  const url = uiUrl(workload, settings);
  const resources = [
    image,
    ...(volume !== undefined ? [volume] : []),
    ...(files !== undefined ? [files.volume, files.loader] : []),
    container,
  ];
  return {
    // Known up front, but released with the container so that whoever opens it finds something there.
    ...(url !== undefined ? { uiUrl: container.id.apply(() => url) } : {}),
    resources,
  };
}

/** The files volume of a workload that reloads files live, and the loader that fills it (see liveFiles.ts). */
function deployFilesLoader(
  name: string,
  workload: ResolvedWorkload,
  settings: ResolvedSettings,
  image: docker.RemoteImage,
  parent: pulumi.Resource,
): { volume: docker.Volume; loader: docker.Container; loaded: pulumi.Output<pulumi.Resource> } {
  const volume = new docker.Volume(
    `${name}-files`,
    {
      name: filesName(settings, workload.role),
      labels: labelList({ [labelKeys.stack]: settings.stack, [labelKeys.role]: `${workload.role}-files` }),
    },
    { parent, deleteBeforeReplace: true },
  );
  const loader = new docker.Container(
    `${name}-files-loader`,
    loaderArgs(workload, settings, { image: image.imageId, volume: volume.name }),
    {
      parent,
      deleteBeforeReplace: true,
      additionalSecretOutputs: loaderSecretOutputs(workload),
    },
  );
  // Resolves once the loader has run, to the loader; fails when it failed.
  const loaded = loaderSucceeded(loader.exitCode, settings, workload.role).apply((): pulumi.Resource => loader);
  return { volume, loader, loaded };
}
