import type { Target } from "../settings/schema";
import type { Platform } from "./types";

/**
 * Loads the platform of one target and nothing else: a Docker stack never
 * loads @pulumi/kubernetes and a Kubernetes stack never loads @pulumi/docker,
 * which keeps `pulumi preview` start-up at the SDK's floor.
 */
export async function loadPlatform(target: Target): Promise<Platform> {
  switch (target) {
    case "docker":
      return (await import("./docker")).dockerPlatform;
    case "kubernetes":
      return (await import("./kubernetes")).kubernetesPlatform;
  }
}
