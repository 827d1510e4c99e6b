import { loadPlatform } from "../platform/load";
import type { Platform } from "../platform/types";
import type { ResolvedSettings } from "../settings/validate";
import type { ExternalGrafana } from "./externalGrafana";
import type { createSelfSignedCertificates } from "./certificates";
import type { generateMissingSecrets } from "./generatedSecrets";
import { needsGeneratedSecrets } from "./needsGeneratedSecrets";

/**
 * The code a stack needs beyond the core, loaded before any resource is
 * registered: the target's platform, the random provider only when a secret
 * must be generated, the Grafana provider only in external-Grafana mode.
 */
export interface StackModules {
  /** The target's platform. */
  readonly platform: Platform;
  /** Present when the settings leave a secret to be generated. */
  readonly generateMissingSecrets?: typeof generateMissingSecrets;
  /** Present in external-Grafana mode. */
  readonly ExternalGrafana?: typeof ExternalGrafana;
  /** Present when tls.mode is selfSigned (loads @pulumi/tls). */
  readonly createSelfSignedCertificates?: typeof createSelfSignedCertificates;
}

/** Loads exactly the modules these settings need. */
export async function loadStackModules(settings: ResolvedSettings): Promise<StackModules> {
  const platform = await loadPlatform(settings.target);
  const generator = needsGeneratedSecrets(settings)
    ? (await import("./generatedSecrets")).generateMissingSecrets
    : undefined;
  const external =
    settings.grafana.mode === "external" ? (await import("./externalGrafana")).ExternalGrafana : undefined;
  const certificates =
    settings.tls.mode === "selfSigned" ? (await import("./certificates")).createSelfSignedCertificates : undefined;
  return {
    platform,
    ...(generator ? { generateMissingSecrets: generator } : {}),
    ...(external ? { ExternalGrafana: external } : {}),
    ...(certificates ? { createSelfSignedCertificates: certificates } : {}),
  };
}
