import type { StackSettings } from "../settings/schema";

/**
 * What differs between Docker and Kubernetes, named for what it means to
 * the model. This is the one module of the model that asks which target a
 * stack is on; every other file reads the trait it depends on, so what a
 * target can do, and why a file behaves differently on it, is read here.
 */
export interface TargetTraits {
  /**
   * A Kubernetes API: Prometheus discovers targets through it (annotated
   * pods, nodes, endpoint slices) and kube-state-metrics describes its objects.
   */
  readonly kubernetesApi: boolean;
  /**
   * Each replica knows its own pod name (downward API): Prometheus replicas
   * tell their series apart by a `replica` external label.
   */
  readonly podNames: boolean;
  /**
   * Stateful replicas have DNS names of their own (a StatefulSet behind a
   * headless Service): each is scraped and notified one by one, and
   * Alertmanagers find their gossip peers. On Docker a role is one container.
   */
  readonly replicaAddresses: boolean;
  /**
   * Container metrics come from the kubelet's embedded cAdvisor, through the
   * API server, rather than from a cAdvisor container of the stack.
   */
  readonly kubeletCadvisor: boolean;
  /**
   * The stack spans nodes: node-level exporters run once per node in the
   * host's network and process namespaces. On Docker the one host is the node.
   */
  readonly perNodeExporters: boolean;
  /**
   * Workloads reach each other by role alias on the stack's network, rather
   * than by Service DNS names qualified by namespace.
   */
  readonly roleAliases: boolean;
  /**
   * UIs are published on ports of 127.0.0.1 for the person at the machine,
   * rather than served under host names through Ingress (HTTPS, HSTS, and the
   * Jaeger UI behind its authenticating proxy).
   */
  readonly loopbackUis: boolean;
  /**
   * Health endpoints are probed from outside the container (by the kubelet),
   * so they listen on the network and serve TLS like every other endpoint.
   */
  readonly probedFromOutside: boolean;
  /**
   * Apps with no address in the stack file answer on the Docker host
   * (`host.docker.internal`), rather than at `<job>.<namespace>.svc`.
   */
  readonly appsOnDockerHost: boolean;
}

const traits: Readonly<Record<StackSettings["target"], TargetTraits>> = {
  docker: {
    kubernetesApi: false,
    podNames: false,
    replicaAddresses: false,
    kubeletCadvisor: false,
    perNodeExporters: false,
    roleAliases: true,
    loopbackUis: true,
    probedFromOutside: false,
    appsOnDockerHost: true,
  },
  kubernetes: {
    kubernetesApi: true,
    podNames: true,
    replicaAddresses: true,
    kubeletCadvisor: true,
    perNodeExporters: true,
    roleAliases: false,
    loopbackUis: false,
    probedFromOutside: true,
    appsOnDockerHost: false,
  },
};

/** The traits of a stack's target. */
export function targetTraits(settings: Pick<StackSettings, "target">): TargetTraits {
  return traits[settings.target];
}
