import type { ResourceValidationPolicy } from "@pulumi/policy";
import { dockerName, dockerTypes } from "../shapes/docker";
import { at } from "../shapes/json";
import { containersOf, describeObject, podSpecOf } from "../shapes/kubernetes";

/**
 * Limits keep one runaway process (a cardinality explosion in Prometheus, a
 * heavy dashboard query) from starving the node or the developer's machine.
 */

function isSet(value: unknown): boolean {
  return (typeof value === "string" && value.trim() !== "") || (typeof value === "number" && value > 0);
}

export const resourceLimits: ResourceValidationPolicy = {
  name: "resource-limits",
  description: "Every Kubernetes container has cpu and memory limits; every Docker container a memory limit.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const podSpec = podSpecOf(args.type, args.props);
    if (podSpec !== undefined) {
      for (const { container, list, name } of containersOf(podSpec)) {
        const missing = ["cpu", "memory"].filter((resource) => !isSet(at(container, "resources", "limits", resource)));
        if (missing.length > 0) {
          reportViolation(
            `${describeObject(args.type, args.props, args.name)}: ${list} '${name}' has no resources.limits.${missing.join(" or ")}`,
          );
        }
      }
      return;
    }
    if (args.type === dockerTypes.container && !isSet(args.props["memory"])) {
      reportViolation(`container ${dockerName(args.props, args.name)} has no memory limit; set memory (MB)`);
    }
  },
};
