import type { ResourceValidationPolicy } from "@pulumi/policy";
import { dockerName, dockerTypes } from "../shapes/docker";
import { asObjects, asString } from "../shapes/json";

/**
 * On Docker (dev) a published port is reachable by anyone who can reach the
 * developer's machine unless it is bound to the loopback interface; the
 * stack publishes only on 127.0.0.1 (docs/decisions.md).
 */

export const loopback = "127.0.0.1";

/** Why a Docker container's ports leave the machine, one line each. */
export function publishedBeyondLoopback(props: Record<string, unknown>): string[] {
  const problems = asObjects(props["ports"])
    .filter((port) => port["ip"] !== loopback)
    .map(
      (port) =>
        `port ${String(port["internal"])} is published on ${asString(port["ip"]) ?? "0.0.0.0 (every interface)"}; set ip: ${loopback}`,
    );
  if (props["networkMode"] === "host") {
    problems.push("networkMode host exposes every listening port on every interface; use the stack's network");
  }
  if (props["publishAllPorts"] === true) {
    problems.push(`publishAllPorts publishes the image's ports on every interface; list ports with ip: ${loopback}`);
  }
  return problems;
}

export const dockerPortsOnLoopback: ResourceValidationPolicy = {
  name: "docker-ports-on-loopback",
  description:
    "Docker containers publish ports on 127.0.0.1 only (no other address, no host network, no publishAllPorts).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== dockerTypes.container) return;
    for (const problem of publishedBeyondLoopback(args.props)) {
      reportViolation(`container ${dockerName(args.props, args.name)}: ${problem}`);
    }
  },
};
