import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent, Stack, StepEventMetadata } from "@pulumi/pulumi/automation";
import type { EngineUnderTest } from "../../scripts/engineProject";
import { deployedToolsHint, deployedToolsMayBeMissing } from "./upstream";

export { EngineProject, type EngineUnderTest, type InitOptions } from "../../scripts/engineProject";

/**
 * The engine named by the environment (`npm test` sets PULUMI_ENGINE_BIN),
 * the full one first. Neither set: an error naming how to export one, or
 * undefined (the engine tests skipped) when OBSERVABILITY_SKIP_DEPLOYED_TOOLS=1.
 */
export function engineUnderTest(): EngineUnderTest | undefined {
  for (const [variable, program] of [
    ["PULUMI_ENGINE_BIN", "project"],
    ["PULUMI_INLINE_ENGINE_BIN", "inline"],
  ] as const) {
    const bin = process.env[variable];
    if (bin === undefined || bin === "") continue;
    if (!fs.existsSync(path.join(bin, "pulumi")))
      throw new Error(`${variable}=${bin} holds no pulumi; run bash scripts/engine`);
    return { bin, program };
  }
  if (!deployedToolsMayBeMissing())
    throw new Error(`neither PULUMI_ENGINE_BIN nor PULUMI_INLINE_ENGINE_BIN is set; ${deployedToolsHint}`);
  return undefined;
}

/** `type::name` of a URN, the part that says which resource it is. */
export function resourceOf(urn: string): string {
  const parts = urn.split("::");
  return `${parts[2]?.split("$").pop() ?? "?"}::${parts[3] ?? "?"}`;
}

/** The steps a preview plans, from the engine's events, and what it printed. */
export async function previewSteps(stack: Stack): Promise<{ steps: StepEventMetadata[]; stdout: string }> {
  const steps: StepEventMetadata[] = [];
  const onEvent = (event: EngineEvent) => {
    if (event.resourcePreEvent) steps.push(event.resourcePreEvent.metadata);
  };
  const result = await stack.preview({ diff: true, onEvent });
  return { steps, stdout: result.stdout };
}
