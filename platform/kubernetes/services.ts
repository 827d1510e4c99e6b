import * as k8s from "@pulumi/kubernetes";
import { headlessServiceName } from "../../model/addresses";
import type { PortSpec } from "../../model/workload";
import type { ResolvedWorkload } from "../types";
import type { Placement } from "./placement";
import { labelsFor, selectorFor } from "./labels";

/** Service ports for every container port, targeted by name. */
export function servicePorts(ports: readonly PortSpec[]): k8s.types.input.core.v1.ServicePort[] {
  // A workload that gossips over both TCP and UDP on one number (Alertmanager's
  // cluster port) declares two ports with different names; a Service allows
  // the same number twice when the protocols differ.
  return ports.map((port) => ({
    name: port.name,
    port: port.port,
    targetPort: port.name,
    protocol: port.protocol ?? "TCP",
  }));
}

/**
 * The ClusterIP Service `<role>` (the model addresses every workload as
 * `<role>.<ns>.svc`, so the name is fixed), and for a StatefulSet also the
 * headless `<role>-headless` that gives each replica its DNS name.
 */
export function createServices(name: string, workload: ResolvedWorkload, placement: Placement): k8s.core.v1.Service[] {
  const labels = labelsFor(workload.role);
  const selector = selectorFor(workload.role);
  const ports = servicePorts(workload.ports);
  const services = [
    new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: workload.role, namespace: placement.namespace, labels },
        spec: { type: "ClusterIP", selector, ports },
      },
      placement.opts,
    ),
  ];
  if (workload.kind === "stateful") {
    services.push(
      new k8s.core.v1.Service(
        `${name}-headless`,
        {
          metadata: { name: headlessServiceName(workload.role), namespace: placement.namespace, labels },
          spec: {
            clusterIP: "None",
            selector,
            ports,
            // Gossip peers must find each other before any is ready: readiness
            // of a cluster member depends on its peers.
            publishNotReadyAddresses: workload.peers !== undefined,
          },
        },
        placement.opts,
      ),
    );
  }
  return services;
}
