import { readFileSync } from "node:fs";
import { join } from "node:path";
import type {
  Policies,
  PolicyPackConfig,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { Environment } from "../../policy/environment";

/**
 * Runs policies the way @pulumi/policy's analyzer server does
 * (node_modules/@pulumi/policy/server.js), without an engine: the same
 * argument objects (type, props, urn, name, opts, stackTags, isType/asType,
 * getConfig returning the policy's own config without enforcementLevel,
 * notApplicable throwing), every validation of a policy in order, and a
 * "not applicable" answer that is not a violation.
 */

/** A resource as the engine describes it to a policy. */
export interface TestResource {
  readonly type: string;
  readonly name: string;
  /** Inputs for resource policies; outputs for stack policies (see `runPack`). */
  readonly props: Record<string, unknown>;
}

/** One reported violation. */
export interface Violation {
  readonly policy: string;
  readonly message: string;
  readonly urn?: string;
}

class NotApplicable extends Error {}

function urnOf(resource: Pick<TestResource, "type" | "name">): string {
  return `urn:pulumi:test::observability::${resource.type}::${resource.name}`;
}

/** The analyzer's type test: a resource class's `__pulumiType`, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
  const declared = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
  if (typeof declared === "string" && declared !== "") return type === declared;
  const isInstance = (resourceClass as { isInstance?: (candidate: unknown) => unknown }).isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function configFor(config: PolicyPackConfig, policyName: string): () => never {
  return (() => {
    const entry = config[policyName];
    if (entry === undefined || typeof entry === "string") return {};
    const { enforcementLevel: _level, ...properties } = entry;
    void _level;
    return properties;
  }) as () => never;
}

const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason ?? "not applicable");
};

const emptyOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

/** The arguments the analyzer passes a resource validation. */
export function resourceArgs(
  policyName: string,
  resource: TestResource,
  config: PolicyPackConfig = {},
): ResourceValidationArgs {
  return {
    type: resource.type,
    props: resource.props,
    urn: urnOf(resource),
    name: resource.name,
    opts: emptyOptions,
    stackTags: new Map<string, string>(),
    isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
    asType: ((resourceClass: unknown) =>
      isTypeOf(resource.type, resourceClass) ? resource.props : undefined) as never,
    getConfig: configFor(config, policyName),
    notApplicable,
  };
}

/** The arguments the analyzer passes a stack validation. */
export function stackArgs(
  policyName: string,
  resources: readonly TestResource[],
  config: PolicyPackConfig = {},
): StackValidationArgs {
  const policyResources: PolicyResource[] = resources.map((resource) => ({
    type: resource.type,
    props: resource.props,
    urn: urnOf(resource),
    name: resource.name,
    opts: emptyOptions,
    dependencies: [],
    propertyDependencies: {},
    isType: (resourceClass) => isTypeOf(resource.type, resourceClass),
    asType: ((resourceClass: unknown) =>
      isTypeOf(resource.type, resourceClass) ? resource.props : undefined) as never,
  }));
  return { resources: policyResources, stackTags: new Map(), getConfig: configFor(config, policyName), notApplicable };
}

function collector(policy: string, into: Violation[]): ReportViolation {
  return (message: string, urn?: string) => {
    into.push({ policy, message, ...(urn === undefined ? {} : { urn }) });
  };
}

async function swallowNotApplicable(run: () => Promise<void> | void): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof NotApplicable)) throw error;
  }
}

/** Violations a resource policy reports for one resource. */
export async function checkResource(
  policy: ResourceValidationPolicy,
  resource: TestResource,
  config: PolicyPackConfig = {},
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const validations = policy.validateResource === undefined ? [] : [policy.validateResource].flat();
  for (const validate of validations) {
    await swallowNotApplicable(() =>
      validate(resourceArgs(policy.name, resource, config), collector(policy.name, violations)),
    );
  }
  return violations;
}

/** Violations a stack policy reports for a set of resources. */
export async function checkStack(
  policy: StackValidationPolicy,
  resources: readonly TestResource[],
  config: PolicyPackConfig = {},
): Promise<Violation[]> {
  const violations: Violation[] = [];
  await swallowNotApplicable(() =>
    policy.validateStack(stackArgs(policy.name, resources, config), collector(policy.name, violations)),
  );
  return violations;
}

/** A resource with what resource policies see (inputs) and what stack policies see (outputs). */
export interface StackResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly outputs: Record<string, unknown>;
}

/**
 * Every policy of a pack over a whole stack, as `pulumi preview` runs them:
 * resource policies on each resource's inputs, stack policies once on all
 * resources' outputs. Policies whose enforcement level the config sets to
 * `disabled` do not run.
 */
export async function runPack(
  policies: Policies,
  resources: readonly StackResource[],
  config: PolicyPackConfig = {},
): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const policy of policies) {
    const entry = config[policy.name];
    const level = typeof entry === "string" ? entry : entry?.enforcementLevel;
    if (level === "disabled") continue;
    if ("validateStack" in policy) {
      const outputs = resources.map((resource) => ({
        type: resource.type,
        name: resource.name,
        props: resource.outputs,
      }));
      violations.push(...(await checkStack(policy, outputs, config)));
    } else {
      for (const resource of resources) {
        const input = { type: resource.type, name: resource.name, props: resource.inputs };
        violations.push(...(await checkResource(policy, input, config)));
      }
    }
  }
  return violations;
}

/** The committed policy config of an environment (policy/config/<environment>.json). */
export function environmentConfig(environment: Environment): PolicyPackConfig {
  const path = join(__dirname, "..", "..", "policy", "config", `${environment}.json`);
  return JSON.parse(readFileSync(path, "utf8")) as PolicyPackConfig;
}

/** The messages of a list of violations, for readable assertions. */
export function messages(violations: readonly Violation[]): string[] {
  return violations.map((violation) => violation.message);
}
