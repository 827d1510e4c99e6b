import * as pulumi from "@pulumi/pulumi";
import { rawConfigFromStackFile } from "../../settings/fromStackFile";
import { configNamespace } from "../../settings/validate";
import { stackSettings, testSecretValues, type StackName } from "./stacks";

/** One resource the program registered, as the engine would have received it. */
export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  /** Inputs with Outputs resolved (secrets arrive unwrapped under mocks). */
  readonly inputs: Record<string, unknown>;
  /** `type::name` of the parent resource, as the program passed it. */
  readonly parent?: string;
}

/** What a program run under mocks produced. */
export interface ProgramRun {
  readonly resources: RegisteredResource[];
  /** The stack outputs, unresolved, to inspect values and secrecy. */
  readonly outputs: Record<string, unknown>;
}

/**
 * The engine's view of a committed stack: its config values as the engine
 * passes them (JSON for structured values) plus a test value for every secret
 * the stack names, marked secret. Dev gets no secrets: it generates its own.
 */
export function engineConfigFor(stack: StackName): { config: Record<string, string>; secretKeys: string[] } {
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
 * Pulumi's mocks and records every resource it registers. The `call` mock
 * throws, so an unexpected provider function call fails the run.
 */
export async function runProgramUnderMocks(stack: StackName): Promise<ProgramRun> {
  const resources: RegisteredResource[] = [];
  // type::name of each resource → type::name of its parent, recorded by a
  // stack transformation (mocks do not pass the parent to newResource).
  const parents = new Map<string, string>();
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        resources.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs as Record<string, unknown>,
          ...(parents.has(`${args.type}::${args.name}`) ? { parent: parents.get(`${args.type}::${args.name}`)! } : {}),
        });
        // A provider computes some outputs; the mocks stand in for them.
        const computed = args.type === "random:index/randomPassword:RandomPassword" ? { result: `generated-${args.name}` } : {};
        return { id: `${args.name}-id`, state: { ...(args.inputs as Record<string, unknown>), ...computed } };
      },
      call(args) {
        throw new Error(`unexpected provider function call ${args.token}`);
      },
    },
    "observability",
    stack,
    false,
  );
  const { config, secretKeys } = engineConfigFor(stack);
  pulumi.runtime.setAllConfig(config, secretKeys);
  const { runProgram } = await import("../../program");
  let outputs: Record<string, unknown> = {};
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      const parent = args.opts.parent as (pulumi.Resource & { __pulumiType?: string; __name?: string }) | undefined;
      // The SDK keeps each resource's type and name in these fields.
      if (parent?.__pulumiType !== undefined)
        parents.set(`${args.type}::${args.name}`, `${parent.__pulumiType}::${parent.__name}`);
      return undefined;
    });
    outputs = await runProgram();
    return outputs;
  });
  // Registration is asynchronous: wait until every output has settled.
  await Promise.all(Object.values(outputs).map((value) => settle(value)));
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { resources, outputs };
}

/** Resolves an Output (or plain value) to its value, secret or not. */
export function settle<T>(value: T | pulumi.Output<T>): Promise<T> {
  return pulumi.Output.isInstance(value)
    ? new Promise<T>((resolve) => (value as pulumi.Output<T>).apply((inner) => resolve(inner as T)))
    : Promise.resolve(value as T);
}
