import type { ResourceValidationPolicy } from "@pulumi/policy";
import { asStrings, at } from "../shapes/json";
import { describeObject, kubernetesTypes } from "../shapes/kubernetes";

/**
 * The stack is reached through its Ingresses only (TLS, auth, one entry
 * point); a LoadBalancer or NodePort Service, or external IPs, would open a
 * second, unauthenticated way in that bypasses them.
 */

const exposingTypes = ["LoadBalancer", "NodePort"];

export const noExternalServices: ResourceValidationPolicy = {
  name: "no-external-services",
  description:
    "No Service of type LoadBalancer or NodePort, and no externalIPs: the stack is reached through its Ingresses.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== kubernetesTypes.service) return;
    const subject = describeObject(args.type, args.props, args.name);
    const serviceType = at(args.props, "spec", "type");
    if (typeof serviceType === "string" && exposingTypes.includes(serviceType)) {
      reportViolation(`${subject} is of type ${serviceType}; use ClusterIP behind the Ingress`);
    }
    const externalIPs = asStrings(at(args.props, "spec", "externalIPs"));
    if (externalIPs.length > 0) {
      reportViolation(`${subject} has externalIPs (${externalIPs.join(", ")}); use the Ingress`);
    }
  },
};
