import type * as pulumi from "@pulumi/pulumi";
import { namespaceOf } from "../../model/addresses";
import type { ResolvedSettings } from "../../settings/validate";
import type { Foundation, ResolvedWorkload } from "../types";

/** Where a workload's objects go and what they wait for. */
export interface Placement {
  /** The namespace (fixed: the model's DNS names contain it). */
  readonly namespace: string;
  /** Options for every resource of the workload. */
  readonly opts: pulumi.CustomResourceOptions;
}

/**
 * A workload's namespace and resource options. The namespace is a plain
 * string known up front, so the dependency on the Namespace objects (and the
 * default-deny policies, which must be in place before pods accept traffic)
 * is stated explicitly.
 */
export function placementOf(
  workload: ResolvedWorkload,
  settings: ResolvedSettings,
  foundation: Foundation,
  parent: pulumi.Resource,
): Placement {
  return { namespace: namespaceOf(settings, workload), opts: { parent, dependsOn: [...foundation.dependsOn] } };
}
