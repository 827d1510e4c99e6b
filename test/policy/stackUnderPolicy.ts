import { policies } from "../../policy/policies";
import { runProgramUnderMocks } from "../../scripts/underMocks/programUnderMocks";
import type { StackName } from "../../scripts/underMocks/stacks";
import { environmentConfig, runPack, type StackResource, type Violation } from "./harness";

/**
 * A committed stack as the policy pack sees it in `pulumi preview`: the
 * program run under mocks, each resource's inputs for the resource policies
 * and the state the mock returns (inputs plus auto-names) as the outputs
 * the stack policies get.
 */
export async function stackResources(stack: StackName): Promise<StackResource[]> {
  const run = await runProgramUnderMocks(stack);
  return run.resources.map((resource) => ({
    type: resource.type,
    name: resource.name,
    inputs: resource.inputs,
    outputs: resource.state,
  }));
}

/** Every violation the pack reports for a set of resources, checked as their environment. */
export function violationsOf(resources: readonly StackResource[], stack: StackName): Promise<Violation[]> {
  return runPack(policies, resources, environmentConfig(stack));
}

/** One resource of a stack by type and Pulumi name. @throws when absent. */
export function resourceNamed(resources: readonly StackResource[], type: string, name: string): StackResource {
  const found = resources.find((resource) => resource.type === type && resource.name === name);
  if (found === undefined) throw new Error(`no ${type} named ${name}`);
  return found;
}

/**
 * A copy of the stack with one resource changed (inputs and outputs alike),
 * to seed a violation into an otherwise compliant stack.
 */
export function withChange(
  resources: readonly StackResource[],
  type: string,
  name: string,
  change: (props: Record<string, unknown>) => void,
): StackResource[] {
  resourceNamed(resources, type, name);
  return resources.map((resource) => {
    if (resource.type !== type || resource.name !== name) return resource;
    const inputs = structuredClone(resource.inputs);
    const outputs = structuredClone(resource.outputs);
    change(inputs);
    change(outputs);
    return { ...resource, inputs, outputs };
  });
}
