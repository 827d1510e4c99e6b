import type { Platform } from "../types";
import { deployDockerWorkload } from "./deploy";
import { dockerFoundation } from "./foundation";

/**
 * The Docker target (dev): one bridge network, one container per workload,
 * named volumes for data (and for files a workload reloads live, written by
 * a one-shot loader: liveFiles.ts), UIs on 127.0.0.1. The only code that loads
 * `@pulumi/docker`; Kubernetes stacks never import this folder.
 */
export const dockerPlatform: Platform = {
  target: "docker",
  foundation: dockerFoundation,
  deploy: deployDockerWorkload,
};
