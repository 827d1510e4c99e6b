import type { Resources } from "../settings/schema";

/**
 * A platform-neutral description of one thing that runs: what the model hands
 * to a platform. It says *what* (image, files, ports, storage, who may talk to
 * it), never *how* on Docker or Kubernetes. Plain data, so it is tested
 * without Pulumi and rendered without an engine.
 */
export interface Workload {
  /**
   * DNS-safe role name: the container's network alias on Docker and the
   * Service name on Kubernetes, so other workloads reach it as `<role>:<port>`.
   */
  readonly role: string;
  /** `stateful`: StatefulSet / container with named volume; `perNode`: DaemonSet. */
  readonly kind: "stateful" | "stateless" | "perNode";
  /** Pinned image reference from the versions table. */
  readonly image: string;
  /** Replaces the image's entrypoint when set. */
  readonly command?: readonly string[];
  readonly args: readonly string[];
  /** Non-secret environment only; secrets travel as files (see `files`). */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Environment from the instance's own identity, e.g. `{ POD_NAME: "name" }`:
   * its name, namespace, network address, or its node's address; usable in
   * args as `$(POD_NAME)`. Only a platform that tells an instance who it is
   * sets these (Kubernetes, see `podNames` in targetTraits.ts); a workload
   * asks for them only there.
   */
  readonly identityEnv?: Readonly<Record<string, InstanceFact>>;
  /**
   * Files the workload reads. Files sharing a directory are mounted together;
   * a directory holds either only secret or only plain files.
   */
  readonly files: readonly FileSpec[];
  /**
   * An existing `kubernetes.io/tls` Secret to mount read-only (cert-manager's
   * or an operator's), for the TLS modes whose material the stack does not
   * make itself; see model/tls.ts. Kubernetes only.
   */
  readonly tlsSecret?: { readonly secretName: string; readonly mountPath: string };
  readonly ports: readonly PortSpec[];
  /** Persistent data directory (named volume on Docker, PVC on Kubernetes). */
  readonly dataVolume?: DataVolume;
  /** Scratch directories that must be writable under a read-only root filesystem. */
  readonly scratchPaths: readonly string[];
  readonly health: HealthCheck;
  readonly resources: Resources;
  readonly replicas: number;
  /** User, group and volume group the process runs as (never root unless `host.privileged`). */
  readonly user: { readonly uid: number; readonly gid: number };
  /** Access to the host, only for node-level exporters (the documented exception). */
  readonly host?: HostAccess;
  /** Cluster-wide read access the workload needs on Kubernetes (service discovery, kube-state-metrics). */
  readonly kubernetesApi?: { readonly rules: readonly ApiRule[] };
  /** Gossip peers (Alertmanager): a headless service with stable per-replica DNS names. */
  readonly peers?: { readonly port: string };
  /** Exposed through Ingress on Kubernetes as `<host>`; published on 127.0.0.1 on Docker. */
  readonly ui?: { readonly port: string; readonly host: string };
  /** Who may open connections to which ports (NetworkPolicy ingress rules). */
  readonly allowFrom: readonly AllowRule[];
}

/** What an instance can know of itself: its name, namespace, network address, or its node's address. */
export type InstanceFact = "name" | "namespace" | "address" | "nodeAddress";

/** One file delivered with the workload. */
export interface FileSpec {
  /** Absolute path inside the container. */
  readonly path: string;
  /** Content; may contain secret tokens (see `secrets.ts`), filled by the component. */
  readonly content: string;
  /**
   * How secret values are written into the content: `yaml` quotes them as
   * YAML/JSON double-quoted scalars, `raw` inserts them as they are.
   */
  readonly secretEscaping: "yaml" | "raw";
  /**
   * The server notices a change of this file and reads it again by itself,
   * without a restart (Prometheus, with `auto-reload-config`, for its
   * configuration and rule files; Grafana for its provisioned dashboards).
   * A platform that can update a mounted file in place then does so instead
   * of restarting the workload; files sharing a directory all reload live or
   * none does.
   */
  readonly reloadsLive?: true;
}

export interface PortSpec {
  /** Kubernetes port name (at most 15 characters), e.g. `http`, `otlp-grpc`. */
  readonly name: string;
  readonly port: number;
  readonly protocol?: "TCP" | "UDP";
  /** Key of `docker.ports` under which it is published on 127.0.0.1 in dev. */
  readonly publishAs?: "grafana" | "prometheus" | "alertmanager" | "jaeger" | "otlpGrpc" | "otlpHttp";
}

export interface DataVolume {
  readonly mountPath: string;
  /** Kubernetes quantity, e.g. `50Gi`. */
  readonly size: string;
}

/**
 * One health endpoint, described the same way for every platform: each
 * platform turns it into its own form (a Kubernetes probe, a Docker health
 * check).
 */
export interface HttpProbe {
  readonly path: string;
  /** Port name. */
  readonly port: string;
  /** HTTPS when the workload serves TLS (probes from outside do not verify the certificate). */
  readonly scheme?: "HTTP" | "HTTPS";
  /**
   * The same request made from inside the container by a client its image
   * carries (BusyBox wget, curl); absent for images without a shell or
   * client (distroless), which only a probe from outside can check.
   */
  readonly command?: readonly string[];
}

export interface HealthCheck {
  /** Whether the process runs (restarted when it fails). */
  readonly liveness: HttpProbe;
  /** Whether it takes traffic. */
  readonly readiness: HttpProbe;
  /**
   * The endpoints answer only with credentials (basic auth). A probe from
   * outside would have to carry them as a literal header in its
   * definition, so platforms run the probes' commands instead: they read
   * the credentials from a mounted file.
   */
  readonly credentialed?: boolean;
}

export interface HostAccess {
  readonly network: boolean;
  readonly pid: boolean;
  /** Runs as root with every privilege of the host (no workload of the stack needs this today). */
  readonly privileged: boolean;
  readonly mounts: readonly HostMount[];
  /**
   * Mounts the container engine's data directory (`docker info`'s
   * DockerRootDir, which differs between installs) read-only at the same
   * path inside, where a tool that asks the engine for it looks. Docker only.
   */
  readonly engineDataRoot?: boolean;
  /** Why host access is needed, shown in docs and in the policy exception. */
  readonly reason: string;
}

/** A host path mounted into the container. */
export interface HostMount {
  readonly hostPath: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
  /**
   * Mounted only where the host has the path (e.g. `/dev/disk`, which some
   * hosts lack); a missing required path stops the deployment.
   */
  readonly optional?: boolean;
}

export interface ApiRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
  readonly verbs: readonly string[];
}

/** Connections a workload accepts, by port name. */
export interface AllowRule {
  readonly ports: readonly string[];
  /**
   * Roles of other workloads in the stack, `ingress` for the Ingress
   * controller, or `cluster` for any pod in the cluster (OTLP from apps).
   */
  readonly from: readonly string[];
}
