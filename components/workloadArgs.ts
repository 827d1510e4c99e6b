import type * as pulumi from "@pulumi/pulumi";
import type { Workload } from "../model/workload";
import type { DeployedWorkload, Foundation, Platform } from "../platform/types";
import type { ResolvedSettings } from "../settings/validate";
import { resolveWorkload, type SecretOutputs } from "./resolveWorkload";

/** What every workload-backed component needs from the stack. */
export interface WorkloadComponentArgs {
  /** Validated settings of the stack. */
  readonly settings: ResolvedSettings;
  /** The target platform, loaded for this stack only. */
  readonly platform: Platform;
  /** The network or namespace the workloads live in. */
  readonly foundation: Foundation;
  /** Secret values by config key (configured or generated), each a secret Output. */
  readonly secrets: SecretOutputs;
}

/** Arguments of a component that runs one workload of the stack plan. */
export interface SingleWorkloadArgs extends WorkloadComponentArgs {
  /** The workload from the stack plan (model/stack/plan.ts). */
  readonly workload: Workload;
}

/** Hands one of the model's workloads to the platform under the Pulumi name `name`. */
export function deployWorkload(
  parent: pulumi.Resource,
  name: string,
  workload: Workload,
  args: WorkloadComponentArgs,
): DeployedWorkload {
  return args.platform.deploy(name, resolveWorkload(workload, args.secrets), args.settings, args.foundation, parent);
}
