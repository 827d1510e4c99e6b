import * as pulumi from "@pulumi/pulumi";
import { loadStackModules } from "./components/modules";
import { ObservabilityStack } from "./components/observabilityStack";
import { withModelChecks } from "./model/stack/settings";
import { SettingsError } from "./settings/errors";
import { settingsFromEngine, type EngineSettings } from "./settings/fromEngine";

/** The stack outputs a user reads with `pulumi stack output`. */
export interface StackOutputs {
  [output: string]: unknown;
}

/**
 * The Pulumi program: settings → ObservabilityStack → outputs. Settings are
 * validated, and the target's platform loaded, before any resource is
 * registered.
 */
export async function runProgram(): Promise<StackOutputs> {
  const { settings, secrets } = checkedSettings();
  const modules = await loadStackModules(settings);
  const stack = new ObservabilityStack("observability", { settings, secrets, modules });
  return {
    environment: settings.environment,
    target: settings.target,
    grafanaUrl: stack.grafanaUrl,
    grafanaAdminUser: stack.grafanaAdminUser,
    grafanaAdminPassword: stack.grafanaAdminPassword,
    prometheusUrl: stack.prometheusUrl,
    alertmanagerUrl: stack.alertmanagerUrl,
    jaegerUrl: stack.jaegerUrl,
    prometheusAddress: stack.prometheusAddress,
    alertmanagerAddress: stack.alertmanagerAddress,
    otlpGrpcEndpoint: stack.otlpGrpcEndpoint,
    otlpHttpEndpoint: stack.otlpHttpEndpoint,
    datasourceUids: stack.datasourceUids,
    basicAuthUser: stack.basicAuthUser,
    basicAuthPassword: stack.basicAuthPassword,
    caCertificate: stack.caCertificate,
  };
}

/**
 * The stack's settings, or the engine's own error kind for a bad stack: the
 * CLI and the Automation API print a `RunError`'s message alone, where any
 * other error is printed with its trace as an "unhandled exception".
 */
function checkedSettings(): EngineSettings {
  try {
    return settingsFromEngine(withModelChecks());
  } catch (error) {
    if (error instanceof SettingsError) throw new pulumi.RunError(error.message);
    throw error;
  }
}
