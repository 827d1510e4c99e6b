import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import type { SettingsProblem } from "./errors";
import { rawConfigFromEngine, type EngineConfigEntry } from "./rawConfig";
import type { StackSettings } from "./schema";
import { configNamespace, parseSettings, type ParseOptions, type ResolvedSettings } from "./validate";

/** Settings plus the secret values they refer to, read from the Pulumi engine. */
export interface EngineSettings {
  readonly settings: ResolvedSettings;
  /** Every secret config key that is set, as a secret Output. */
  readonly secrets: Readonly<Record<string, pulumi.Output<string>>>;
}

// `isConfigSecret` is exported by the SDK's runtime but left out of its type
// declarations; without it, a credential stored in plain text could not be
// told apart from one stored with --secret.
const isConfigSecret = (runtimeConfig as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;

/**
 * The Kubernetes provider's switch that updates a changed ConfigMap in place
 * instead of replacing it (see docs/decisions.md, "Config changes roll out
 * by checksum, except what Prometheus and Grafana reload themselves");
 * Pulumi.yaml turns it on for every stack.
 */
const configMapsMutableKey = "kubernetes:enableConfigMapMutable";

/** The problem of a Kubernetes stack that turns `configMapsMutableKey` off (`mutable`: its value, if set). */
function configMapsMutableProblems(settings: StackSettings, mutable: string | undefined): SettingsProblem[] {
  if (settings.target !== "kubernetes" || mutable === undefined || mutable === "true") return [];
  return [
    {
      path: configMapsMutableKey,
      message:
        "must stay true, as Pulumi.yaml sets it for every stack: Prometheus' configuration and rule files and " +
        "Grafana's dashboards are ConfigMaps updated in place, which they reload without a restart; " +
        "remove the key from the stack file",
      received: mutable,
    },
  ];
}

/**
 * Reads this project's config namespace from the running program. This is
 * the one place that touches `pulumi.Config`.
 * @param options the checks of later layers to run in the same pass (program.ts adds the model's).
 * @throws SettingsError before any resource is registered.
 */
export function settingsFromEngine(options: ParseOptions = {}): EngineSettings {
  const entries: Record<string, EngineConfigEntry> = {};
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    entries[key] = { value, secret: isConfigSecret?.(key) ?? false };
  }
  const raw = rawConfigFromEngine(pulumi.getStack(), entries);
  const mutable = entries[configMapsMutableKey]?.value;
  // In the same pass as every other check, so that one run lists every problem.
  const extraChecks = (settings: StackSettings): SettingsProblem[] => [
    ...(options.extraChecks?.(settings) ?? []),
    ...configMapsMutableProblems(settings, mutable),
  ];
  const settings = parseSettings(raw, { ...options, extraChecks });
  const secretKeys = raw.secretKeys;
  const config = new pulumi.Config(configNamespace);
  const secrets: Record<string, pulumi.Output<string>> = {};
  for (const key of [...secretKeys].sort()) secrets[key] = config.requireSecret(key);
  return { settings, secrets };
}
