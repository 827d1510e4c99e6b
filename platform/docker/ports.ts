import type * as docker from "@pulumi/docker";
import type { PortSpec, Workload } from "../../model/workload";
import { servesTls } from "../../model/tls";
import type { ResolvedSettings } from "../../settings/validate";

/**
 * Published ports. Only ports the model marks `publishAs` leave the stack's
 * network, and only on the loopback interface: a dev stack must not expose
 * Prometheus or Grafana to the café Wi-Fi. Every other port stays reachable
 * inside the network as `<role>:<port>`.
 */

/** The only host address ports are published on. */
export const publishAddress = "127.0.0.1";

type PortSettings = Pick<ResolvedSettings, "docker">;

/** Host port a port is published on (`docker.ports[publishAs]`), if it is published. */
export function hostPort(port: PortSpec, settings: PortSettings): number | undefined {
  return port.publishAs === undefined ? undefined : settings.docker.ports[port.publishAs];
}

/** Port bindings for the provider's `ports` field. */
export function publishedPorts(
  workload: Pick<Workload, "ports">,
  settings: PortSettings,
): docker.types.input.ContainerPort[] {
  return workload.ports.flatMap((port) => {
    const external = hostPort(port, settings);
    if (external === undefined) return [];
    return [{ internal: port.port, external, ip: publishAddress, protocol: (port.protocol ?? "TCP").toLowerCase() }];
  });
}

/**
 * URL of the workload's UI on the developer's machine, when its UI port is
 * published; `undefined` for workloads without a UI or with an unpublished one.
 * @throws when `ui.port` names no port of the workload (a model bug).
 */
export function uiUrl(
  workload: Pick<Workload, "role" | "ports" | "ui" | "tlsSecret"> & {
    readonly files: readonly { readonly path: string }[];
  },
  settings: PortSettings,
): string | undefined {
  if (workload.ui === undefined) return undefined;
  const uiPortName = workload.ui.port;
  const port = workload.ports.find((candidate) => candidate.name === uiPortName);
  if (port === undefined) {
    const names = workload.ports.map((candidate) => candidate.name).join(", ");
    throw new Error(`${workload.role}: ui.port '${uiPortName}' is not one of its ports (${names})`);
  }
  const external = hostPort(port, settings);
  const scheme = servesTls(workload) ? "https" : "http";
  return external === undefined ? undefined : `${scheme}://${publishAddress}:${external}/`;
}
