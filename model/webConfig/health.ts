import type { StackSettings } from "../../settings/schema";
import { fetchCommand } from "../probes";
import type { HealthCheck, HttpProbe } from "../workload";
import { webConfigPaths } from "./paths";
import type { WebServing } from "./serving";

/** Port numbers by port name, to address a probe from inside the container. */
export type PortNumbers = Readonly<Record<string, number>>;

function urlOf(serving: WebServing, probe: HttpProbe, portNumbers: PortNumbers): string {
  const port = portNumbers[probe.port];
  if (port === undefined)
    throw new Error(`probe on ${probe.path} names port '${probe.port}', which the workload does not have`);
  return `${serving.scheme}://127.0.0.1:${port}${probe.path}`;
}

/**
 * A role's health check once it serves TLS and/or basic auth; the plain
 * one unchanged when it serves neither. Probes switch to HTTPS; images
 * with a client (`tool`) check themselves with a command that speaks the
 * same scheme and, with basic auth, sends credentials read from the
 * mounted password file (`credentialed`: platforms then run the commands).
 * Images without a shell (distroless) cannot send credentials from inside,
 * so they cannot be put behind basic auth.
 */
export function securedHealth(
  plain: HealthCheck,
  serving: WebServing,
  settings: Pick<StackSettings, "auth">,
  role: string,
  portNumbers: PortNumbers,
  tool: "wget" | "none",
): HealthCheck {
  if (serving.args.length === 0) return plain;
  if (serving.basicAuth && tool === "none") {
    throw new Error(`${role} requires basic auth but its image has no shell to send credentials from its probes`);
  }
  const credentials = serving.basicAuth
    ? { username: settings.auth.basicAuth.username, passwordFile: webConfigPaths(role).password }
    : undefined;
  const secured = (probe: HttpProbe): HttpProbe => ({
    path: probe.path,
    port: probe.port,
    ...(serving.scheme === "https" ? { scheme: "HTTPS" as const } : probe.scheme ? { scheme: probe.scheme } : {}),
    ...(tool === "wget" ? { command: fetchCommand(urlOf(serving, probe, portNumbers), credentials) } : {}),
  });
  return {
    liveness: secured(plain.liveness),
    readiness: secured(plain.readiness),
    ...(credentials !== undefined ? { credentialed: true } : {}),
  };
}
