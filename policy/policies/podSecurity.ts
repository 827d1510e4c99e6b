import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { asObject, asObjects, asString, asStrings, at, type JsonObject } from "../shapes/json";
import {
  containersOf,
  describeObject,
  isWorkloadType,
  kubernetesTypes,
  objectLabels,
  objectName,
  objectNamespace,
  podSpecOf,
} from "../shapes/kubernetes";

/**
 * The Pod Security Standard `restricted`
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/),
 * checked on the objects before the API server sees them, so that a
 * violation fails `pulumi preview` instead of a rollout that never creates
 * its pods. Host access (host network, PID namespace, hostPath) is the one
 * documented exception and has its own policy below.
 */

/** Seccomp profile types `restricted` admits. */
const admittedSeccomp = ["RuntimeDefault", "Localhost"];

/** The only capability `restricted` lets a container add back. */
const admittedCapability = "NET_BIND_SERVICE";

/** What is wrong with one pod spec under `restricted`, one line per problem. */
export function restrictedProblems(podSpec: JsonObject): string[] {
  const pod = asObject(podSpec["securityContext"]) ?? {};
  const problems: string[] = [];
  for (const { container, list, name } of containersOf(podSpec)) {
    const context = asObject(container["securityContext"]) ?? {};
    const where = `${list} '${name}'`;
    if ((context["runAsNonRoot"] ?? pod["runAsNonRoot"]) !== true) {
      problems.push(`${where}: set securityContext.runAsNonRoot: true (on the container or the pod)`);
    }
    if ((context["runAsUser"] ?? pod["runAsUser"]) === 0) {
      problems.push(`${where}: runAsUser 0 is root; run as a non-zero uid`);
    }
    const seccomp = asString(at(context, "seccompProfile", "type")) ?? asString(at(pod, "seccompProfile", "type"));
    if (seccomp === undefined || !admittedSeccomp.includes(seccomp)) {
      problems.push(`${where}: set securityContext.seccompProfile.type: RuntimeDefault (got ${seccomp ?? "nothing"})`);
    }
    if (context["allowPrivilegeEscalation"] !== false) {
      problems.push(`${where}: set securityContext.allowPrivilegeEscalation: false`);
    }
    if (context["privileged"] === true) {
      problems.push(`${where}: privileged: true is not allowed`);
    }
    if (!asStrings(at(context, "capabilities", "drop")).includes("ALL")) {
      problems.push(`${where}: set securityContext.capabilities.drop: ["ALL"]`);
    }
    const added = asStrings(at(context, "capabilities", "add")).filter((cap) => cap !== admittedCapability);
    if (added.length > 0) {
      problems.push(`${where}: capabilities.add may only hold ${admittedCapability} (got ${added.join(", ")})`);
    }
    if (context["readOnlyRootFilesystem"] !== true) {
      problems.push(`${where}: set securityContext.readOnlyRootFilesystem: true (mount an emptyDir where it writes)`);
    }
  }
  return problems;
}

export const podSecurityRestricted: ResourceValidationPolicy = {
  name: "pod-security-restricted",
  description:
    "Every container of every Deployment, StatefulSet, DaemonSet, Job, CronJob and Pod meets the Pod Security Standard 'restricted': non-root, seccomp RuntimeDefault, no privilege escalation, all capabilities dropped, read-only root filesystem.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (!isWorkloadType(args.type)) return;
    const podSpec = podSpecOf(args.type, args.props);
    if (podSpec === undefined) return;
    const subject = describeObject(args.type, args.props, args.name);
    for (const problem of restrictedProblems(podSpec)) reportViolation(`${subject}: ${problem}`);
  },
};

/**
 * The namespace label that marks the host-access namespace: Pod Security
 * Admission enforcing `privileged` there is what lets node-exporter read the
 * host (docs/decisions.md, "Node-exporter's host access").
 */
export const hostAccessLabel = { key: "pod-security.kubernetes.io/enforce", value: "privileged" } as const;

/** The host features a pod spec uses; hostPath volumes by volume name. */
export interface HostAccess {
  readonly features: string[];
  readonly hostPathVolumes: string[];
}

/** Which host features a pod spec asks for. */
export function hostAccessOf(podSpec: JsonObject): HostAccess {
  const features: string[] = [];
  for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
    if (podSpec[field] === true) features.push(field);
  }
  const hostPathVolumes = asObjects(podSpec["volumes"])
    .filter((volume) => asObject(volume["hostPath"]) !== undefined)
    .map((volume) => asString(volume["name"]) ?? "?");
  if (hostPathVolumes.length > 0) features.push(`hostPath volumes (${hostPathVolumes.join(", ")})`);
  const hostPorts = containersOf(podSpec).flatMap(({ container }) =>
    asObjects(container["ports"]).filter((port) => port["hostPort"] !== undefined && port["hostPort"] !== 0),
  );
  if (hostPorts.length > 0) features.push("hostPort");
  return { features, hostPathVolumes };
}

/** Mounts of hostPath volumes that are not read-only, as `container 'x' mounts 'v' at /p`. */
function writableHostMounts(podSpec: JsonObject, hostPathVolumes: readonly string[]): string[] {
  return containersOf(podSpec).flatMap(({ container, list, name }) =>
    asObjects(container["volumeMounts"])
      .filter((mount) => hostPathVolumes.includes(asString(mount["name"]) ?? "") && mount["readOnly"] !== true)
      .map((mount) => `${list} '${name}' mounts '${String(mount["name"])}' at ${String(mount["mountPath"])}`),
  );
}

/** Names of the stack's namespaces labelled for host access. */
function hostAccessNamespaces(resources: readonly PolicyResource[]): Set<string> {
  return new Set(
    resources
      .filter((resource) => resource.type === kubernetesTypes.namespace)
      .filter((resource) => objectLabels(resource.props)[hostAccessLabel.key] === hostAccessLabel.value)
      .flatMap((resource) => objectName(resource.props) ?? []),
  );
}

export const hostAccessOnlyInHostNamespace: StackValidationPolicy = {
  name: "host-access-only-in-host-namespace",
  description:
    "Host network, host PID namespace, hostPath volumes and host ports only for workloads in a namespace of the stack labelled pod-security.kubernetes.io/enforce=privileged (node-exporter's), hostPath read-only, and never the host IPC namespace.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const hostNamespaces = hostAccessNamespaces(args.resources);
    for (const resource of args.resources) {
      const podSpec = podSpecOf(resource.type, resource.props);
      if (podSpec === undefined) continue;
      const access = hostAccessOf(podSpec);
      if (access.features.length === 0) continue;
      const subject = describeObject(resource.type, resource.props, resource.name);
      const namespace = objectNamespace(resource.props);
      if (!hostNamespaces.has(namespace)) {
        reportViolation(
          `${subject} uses ${access.features.join(", ")}, but namespace '${namespace}' is not a namespace of this stack labelled ${hostAccessLabel.key}=${hostAccessLabel.value}; only the host-access namespace (node-exporter's, see docs/decisions.md) may use the host`,
          resource.urn,
        );
        continue;
      }
      if (podSpec["hostIPC"] === true) {
        reportViolation(`${subject}: hostIPC is never needed; remove it`, resource.urn);
      }
      for (const mount of writableHostMounts(podSpec, access.hostPathVolumes)) {
        reportViolation(`${subject}: ${mount} writable; host paths must be mounted readOnly: true`, resource.urn);
      }
    }
  },
};
