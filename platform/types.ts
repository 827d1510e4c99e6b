import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedSettings } from "../settings/validate";
import type { Workload } from "../model/workload";

/**
 * The seam between components and targets. Components hand over resolved
 * workloads; a platform turns them into Docker or Kubernetes resources. A new
 * component never touches platform code; a new platform implements this.
 * Only type imports here, so loading this file loads no provider SDK.
 */

/** A file whose secret tokens have been filled. */
export interface ResolvedFile {
  readonly path: string;
  /** Plain text, or a secret Output when the file embeds a secret. */
  readonly content: pulumi.Input<string>;
  /** True when the file embeds a secret: stored as a Kubernetes Secret. */
  readonly sensitive: boolean;
  /** sha256 of the content (secret when the content is), for rollouts on change. */
  readonly checksum: pulumi.Input<string>;
  /**
   * UTF-8 bytes of the content as the model wrote it: exact for plain
   * files; for a file with secrets, before the values replace their tokens
   * (a secret is a password or a certificate, a few KiB at most), so that
   * platforms can size the objects that carry files without awaiting them.
   */
  readonly bytes: number;
  /** The workload reads the file again by itself on change (see `FileSpec.reloadsLive`). */
  readonly reloadsLive: boolean;
}

/** A workload whose files are ready to ship. */
export interface ResolvedWorkload extends Omit<Workload, "files"> {
  readonly files: readonly ResolvedFile[];
}

/** Stack-wide resources every workload lives in (network or namespace). */
export interface Foundation {
  /** Docker network name or Kubernetes namespace, as an Output. */
  readonly scope: pulumi.Output<string>;
  /** Resources workloads must wait for. */
  readonly dependsOn: readonly pulumi.Resource[];
}

/** What a deployed workload tells its component. */
export interface DeployedWorkload {
  /** URL a person opens for the workload's UI (127.0.0.1 on Docker, Ingress host on Kubernetes). */
  readonly uiUrl?: pulumi.Output<string>;
  /** Every resource created, for dependencies. */
  readonly resources: readonly pulumi.Resource[];
}

export interface Platform {
  readonly target: "docker" | "kubernetes";
  /**
   * Creates the shared resources: the network (Docker) or namespace with a
   * default-deny ingress policy (Kubernetes).
   */
  foundation(name: string, settings: ResolvedSettings, parent: pulumi.Resource): Foundation;
  /**
   * Requests the certificates the platform issues itself (cert-manager
   * `Certificate`s on Kubernetes when tls.mode is certManager), one per role
   * in `roles`, into the Secrets `tlsSecretName` names (model/tls.ts), with
   * the SANs `tlsDnsNames` gives. Returns what workloads must wait for.
   */
  issueCertificates?(
    name: string,
    settings: ResolvedSettings,
    roles: readonly { readonly role: string; readonly replicas: number }[],
    foundation: Foundation,
    parent: pulumi.Resource,
  ): readonly pulumi.Resource[];
  /**
   * Creates everything one workload needs, named `${name}-<part>` and
   * parented to `parent`.
   */
  deploy(
    name: string,
    workload: ResolvedWorkload,
    settings: ResolvedSettings,
    foundation: Foundation,
    parent: pulumi.Resource,
  ): DeployedWorkload;
}
