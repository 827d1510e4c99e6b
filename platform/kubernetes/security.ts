import type * as k8s from "@pulumi/kubernetes";
import type { ResolvedWorkload } from "../types";

/**
 * Security contexts that satisfy the Pod Security Standard `restricted`
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/):
 * non-root with a fixed uid/gid, RuntimeDefault seccomp, no privilege
 * escalation, every capability dropped, and a read-only root filesystem (the
 * workload lists the directories it writes as scratch paths or data volume).
 * Only a workload with `host.privileged` gets out of this, and it lives in the
 * host namespace, which admits privileged pods.
 */

/** The pod-level security context. */
export function podSecurityContext(workload: ResolvedWorkload): k8s.types.input.core.v1.PodSecurityContext {
  const privileged = workload.host?.privileged ?? false;
  return {
    runAsNonRoot: !privileged,
    runAsUser: workload.user.uid,
    runAsGroup: workload.user.gid,
    // Volumes (PVCs, Secrets) become group-owned by this gid, so the
    // non-root process can write its data directory.
    fsGroup: workload.user.gid,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** The container-level security context. */
export function containerSecurityContext(workload: ResolvedWorkload): k8s.types.input.core.v1.SecurityContext {
  if (workload.host?.privileged) {
    // Privileged implies escalation; Kubernetes rejects privileged: true with
    // allowPrivilegeEscalation: false.
    return {
      privileged: true,
      allowPrivilegeEscalation: true,
      runAsNonRoot: false,
      readOnlyRootFilesystem: true,
    };
  }
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ["ALL"] },
    readOnlyRootFilesystem: true,
    seccompProfile: { type: "RuntimeDefault" },
  };
}
