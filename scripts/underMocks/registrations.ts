/**
 * A program run's resource registrations as plain data, and a replay of them
 * with no logic at all: the bench's second floor. The import-only floor
 * leaves out what the SDK itself spends per resource (building its inputs,
 * serialising them, resolving outputs); registering exactly the resources a
 * stack registers, with its inputs already computed, is what any program
 * that deploys this stack must pay at least, whatever its code does.
 */
import * as pulumi from "@pulumi/pulumi";
import { recordResources, type RecordedResource } from "./mocks";

/** One resource as the program registered it. */
export interface Registration {
  /** The type token, e.g. `docker:index/container:Container`. */
  readonly type: string;
  /** The resource's logical name. */
  readonly name: string;
  /** True for a provider's resource, false for a component. */
  readonly custom: boolean;
  /** The logical name of its parent component; absent under the stack itself. */
  readonly parent?: string;
  /** Its inputs, resolved. */
  readonly inputs: Record<string, unknown>;
  /** JSON-pointer-like paths of the inputs that were secret (see mocks.ts). */
  readonly secretPaths: readonly string[];
}

/** The type the engine gives the stack's root resource, which a run registers by itself. */
const stackType = "pulumi:pulumi:Stack";

/**
 * The registrations of a settled run (`ResourceRecorder.settle` resolves
 * each parent's URN), in the order the program made them.
 *
 * @param resources - what the recorder saw, after `settle`.
 * @throws when a resource's parent URN is unknown (the run was not settled).
 */
export function registrationsOf(resources: readonly RecordedResource[]): Registration[] {
  return resources
    .filter((resource) => resource.type !== stackType)
    .map((resource) => {
      if (resource.parent !== undefined && resource.parentUrn === undefined)
        throw new Error(`${resource.name}: parent URN unresolved; settle the recorder first`);
      // A URN ends with `::<type>::<name>`; a parent that is the stack is left out.
      const parentUrn = resource.parentUrn ?? "";
      const parent = parentUrn.includes(`::${stackType}::`) ? undefined : parentUrn.split("::").pop() || undefined;
      return {
        type: resource.type,
        name: resource.name,
        custom: resource.custom,
        ...(parent === undefined ? {} : { parent }),
        inputs: resource.inputs,
        secretPaths: resource.secretPaths,
      };
    });
}

/** The inputs with each secret path's value made a secret Output again, as the program passed it. */
function withSecrets(inputs: Record<string, unknown>, secretPaths: readonly string[]): Record<string, unknown> {
  const copy = structuredClone(inputs);
  for (const pointer of secretPaths) {
    const segments = pointer
      .split("/")
      .slice(1)
      .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
    const last = segments.pop();
    if (last === undefined) continue;
    let holder: unknown = copy;
    for (const segment of segments) holder = (holder as Record<string, unknown>)[segment];
    const record = holder as Record<string, unknown>;
    record[last] = pulumi.secret(record[last]);
  }
  return copy;
}

/** A provider's resource of any type, for a replay (the SDK's class is abstract only to its typings). */
class ReplayedResource extends pulumi.CustomResource {}

/**
 * Registers the given resources under the same mocks as a program run, with
 * no other work, and waits until each is registered.
 *
 * @param stack - the stack name the mocks report.
 * @param registrations - from `registrationsOf`, parents before children.
 * @returns what the mocks saw, the stack's root included.
 */
export async function replayRegistrations(
  stack: string,
  registrations: readonly Registration[],
): Promise<readonly RecordedResource[]> {
  const recorder = await recordResources({ project: "observability", stack });
  const components = new Map<string, pulumi.Resource>();
  const made: pulumi.Resource[] = [];
  await pulumi.runtime.runInPulumiStack(() => {
    // Traced as a program run is, which records each resource's parent and costs the same.
    pulumi.runtime.registerStackTransformation(recorder.trace);
    for (const registration of registrations) {
      const parent = registration.parent === undefined ? undefined : components.get(registration.parent);
      if (registration.parent !== undefined && parent === undefined)
        throw new Error(`${registration.name}: its parent ${registration.parent} was not registered before it`);
      const options = { parent };
      const resource = registration.custom
        ? new ReplayedResource(
            registration.type,
            registration.name,
            withSecrets(registration.inputs, registration.secretPaths),
            options,
          )
        : new pulumi.ComponentResource(registration.type, registration.name, {}, options);
      if (!registration.custom) components.set(registration.name, resource);
      made.push(resource);
    }
    return Promise.resolve({});
  });
  await recorder.settle(made);
  return recorder.resources;
}
