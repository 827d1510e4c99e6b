import type { PolicyConfigSchema } from "@pulumi/policy";

/**
 * The environment a stack is checked as. Pulumi gives each policy its own
 * configuration (`--policy-pack-config`, keyed by policy name), so every
 * policy whose rule differs by environment declares an `environment`
 * property; `config/<environment>.json` sets it for all of them at once.
 */

export const environments = ["dev", "staging", "prod"] as const;
export type Environment = (typeof environments)[number];

/**
 * Without configuration a stack is checked as prod: forgetting the config
 * file makes a check stricter, never looser.
 */
export const defaultEnvironment: Environment = "prod";

/** The configuration schema of a policy that depends on the environment. */
export const environmentConfigSchema: PolicyConfigSchema = {
  properties: {
    environment: {
      type: "string",
      enum: [...environments],
      default: defaultEnvironment,
      description: "The stack's environment (dev, staging or prod); rules tighten from dev to prod.",
    },
  },
};

/**
 * The environment from a policy's configuration.
 * @throws when it is set to something other than dev, staging or prod (the
 * engine validates the schema first; this guards direct callers).
 */
export function environmentOf(args: { getConfig<T extends object>(): T }): Environment {
  const configured = args.getConfig<{ environment?: unknown }>().environment ?? defaultEnvironment;
  if (!environments.some((environment) => environment === configured)) {
    throw new Error(
      `policy config 'environment' must be one of ${environments.join(", ")} (got ${JSON.stringify(configured)})`,
    );
  }
  return configured as Environment;
}
