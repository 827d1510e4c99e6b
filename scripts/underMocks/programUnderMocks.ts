import * as pulumi from "@pulumi/pulumi";
import { stableBcrypt } from "../../model/secrets";
import { rawConfigFromStackFile } from "../../settings/fromStackFile";
import { configNamespace } from "../../settings/validate";
import type { ObservabilityStack } from "../../components/observabilityStack";
import type { ResolvedSettings } from "../../settings/validate";
import { recordResources, type RecordedResource, type ResourceRecorder } from "./mocks";
import { tlsComputedOutputs } from "./tlsMocks";
import { stackSettings, testSecretValues, type StackName } from "./stacks";

/**
 * The random provider's computed outputs under mocks: a password named after
 * the resource and its bcrypt hash, deterministic (so two runs agree) and at
 * a low cost (the provider hashes once at creation, never on a later run).
 */
const randomPasswordOutputs = {
  "random:index/randomPassword:RandomPassword": (name: string) => {
    const result = `generated-${name}`;
    return { result, bcryptHash: stableBcrypt(result, 4) };
  },
};

/** What a program run under mocks produced. */
export interface ProgramRun {
  /** Every resource registered, with its parent (see mocks.ts). */
  readonly resources: readonly RecordedResource[];
  /** The stack outputs, unresolved, to inspect values and secrecy. */
  readonly outputs: Record<string, unknown>;
}

/** Config as the engine hands it to the program: `<namespace>:<key>` values and which of them are secret. */
export interface EngineConfig {
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
}

/**
 * The engine's view of a committed stack: its config values as the engine
 * passes them (JSON for structured values) plus a test value for every secret
 * the stack names, marked secret. Dev gets no secrets: it generates its own.
 */
export function engineConfigFor(stack: StackName): EngineConfig {
  const raw = rawConfigFromStackFile(stack);
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw.values)) {
    config[`${configNamespace}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  const settings = stackSettings(stack);
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(testSecretValues(settings))) {
    if (!settings.presentSecrets.has(key)) continue;
    config[`${configNamespace}:${key}`] = value;
    secretKeys.push(`${configNamespace}:${key}`);
  }
  return { config, secretKeys };
}

/**
 * Runs the real Pulumi program (program.ts) for a committed stack under
 * Pulumi's mocks and records every resource it registers, with its parent.
 * Provider function calls throw, so an unexpected lookup fails the run.
 * `engineConfig` defaults to `engineConfigFor(stack)`; the bench makes it in
 * another process, since the engine hands the program its config ready-made
 * and reading the stack file's secrets here would parse the settings twice.
 */
export async function runProgramUnderMocks(
  stack: StackName,
  engineConfig: EngineConfig = engineConfigFor(stack),
): Promise<ProgramRun> {
  const recorder = await recordResources({
    project: "observability",
    stack,
    computed: {
      ...randomPasswordOutputs,
      ...tlsComputedOutputs,
    },
  });
  const { config, secretKeys } = engineConfig;
  pulumi.runtime.setAllConfig(config, secretKeys);
  const { runProgram } = await import("../../program");
  let outputs: Record<string, unknown> = {};
  const registered: pulumi.Resource[] = [];
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      recorder.trace(args);
      return undefined;
    });
    outputs = await runProgram();
    const root = pulumi.runtime.getStackResource();
    if (root !== undefined) registered.push(root);
    return outputs;
  });
  await Promise.all(Object.values(outputs).map((value) => settle(value)));
  await recorder.settle(registered);
  return { resources: recorder.resources, outputs };
}

/** Resolves an Output (or plain value) to its value, secret or not. */
export function settle<T>(value: T | pulumi.Output<T>): Promise<T> {
  return pulumi.Output.isInstance(value)
    ? new Promise<T>((resolve) => value.apply((inner) => resolve(inner)))
    : Promise.resolve(value);
}

/** What `stackUnderMocks` built: the recorder and the stack component. */
export interface StackUnderMocks {
  readonly recorder: ResourceRecorder;
  readonly stack: ObservabilityStack;
}

/**
 * Builds an ObservabilityStack for settings that no committed stack file
 * has (a variant made with `settingsWith`), under mocks that record every
 * resource, with a test value for each secret the settings say is set plus
 * `extraSecrets`. Resolves once every resource is registered.
 */
export async function stackUnderMocks(
  settings: ResolvedSettings,
  extraSecrets: Readonly<Record<string, string>> = {},
): Promise<StackUnderMocks> {
  const recorder = await recordResources({
    project: "observability",
    stack: settings.stack,
    computed: {
      ...randomPasswordOutputs,
      ...tlsComputedOutputs,
    },
  });
  const { loadStackModules } = await import("../../components/modules");
  const { ObservabilityStack } = await import("../../components/observabilityStack");
  const values = Object.entries({ ...testSecretValues(settings), ...extraSecrets }).filter(
    ([key]) => settings.presentSecrets.has(key) || key in extraSecrets,
  );
  const secrets = Object.fromEntries(values.map(([key, value]) => [key, pulumi.secret(value)]));
  const stack = new ObservabilityStack(
    "observability",
    { settings, secrets, modules: await loadStackModules(settings) },
    { transformations: [recorder.trace] },
  );
  await recorder.settle([stack]);
  return { recorder, stack };
}
