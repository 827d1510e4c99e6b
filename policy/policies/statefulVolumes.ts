import type { ResourceValidationPolicy } from "@pulumi/policy";
import { dockerEnv, dockerName, dockerRole, dockerTypes } from "../shapes/docker";
import { flagValue } from "../shapes/flags";
import { asObjects, asString, asStrings, at, type JsonObject } from "../shapes/json";
import {
  commandLine,
  describeObject,
  isWorkloadType,
  kubernetesTypes,
  podSpecOf,
  roleContainer,
  workloadRole,
} from "../shapes/kubernetes";

/**
 * Stateful parts keep their data on a volume that outlives the container:
 * Prometheus' TSDB and Alertmanager's silences and notification log on
 * Kubernetes (a claim per StatefulSet replica), and those plus Grafana's
 * database on Docker (a named volume). Without one, a restart loses the data
 * without any error.
 */

/** Where each stateful part keeps its data: the flag or variable that moves it, and the images' default. */
const dataDirectories = {
  prometheus: (args: readonly string[]) => flagValue(args, "storage.tsdb.path") ?? "/prometheus",
  alertmanager: (args: readonly string[]) => flagValue(args, "storage.path") ?? "/alertmanager",
} as const;

const kubernetesStatefulRoles = ["prometheus", "alertmanager"] as const;
const dockerStatefulRoles = ["prometheus", "alertmanager", "grafana"] as const;

/** Why a Kubernetes workload of a stateful role does not keep its data on a claim, if it does not. */
export function kubernetesDataProblem(type: string, props: JsonObject): string | undefined {
  const role = workloadRole(props, kubernetesStatefulRoles) as keyof typeof dataDirectories | undefined;
  if (role === undefined) return undefined;
  if (type !== kubernetesTypes.statefulSet) {
    return `${role} must run as a StatefulSet with a volumeClaimTemplate for its data (got a ${type.split(":").pop()})`;
  }
  const claims = asObjects(at(props, "spec", "volumeClaimTemplates")).flatMap(
    (claim) => asString(at(claim, "metadata", "name")) ?? [],
  );
  if (claims.length === 0) return `${role} StatefulSet has no volumeClaimTemplates: its data would die with the pod`;
  const podSpec = podSpecOf(type, props) ?? {};
  const container = roleContainer(podSpec, role);
  if (container === undefined) return `${role} StatefulSet has no container`;
  const dataDir = dataDirectories[role](commandLine(container));
  const mounted = asObjects(container["volumeMounts"]).some(
    (mount) => mount["mountPath"] === dataDir && claims.includes(asString(mount["name"]) ?? ""),
  );
  return mounted
    ? undefined
    : `${role} container must mount one of its volumeClaimTemplates (${claims.join(", ")}) at its data directory ${dataDir}`;
}

/** The data directory of a Docker container of a stateful role. */
function dockerDataDirectory(role: (typeof dockerStatefulRoles)[number], props: JsonObject): string {
  if (role === "grafana") return dockerEnv(props).get("GF_PATHS_DATA") ?? "/var/lib/grafana";
  // The provider's `command` replaces the image's CMD: the flags are there.
  return dataDirectories[role](asStrings(props["command"]));
}

/** Why a Docker container of a stateful role does not keep its data on a named volume, if it does not. */
export function dockerDataProblem(props: JsonObject): string | undefined {
  const role = dockerRole(props, dockerStatefulRoles) as (typeof dockerStatefulRoles)[number] | undefined;
  if (role === undefined) return undefined;
  const dataDir = dockerDataDirectory(role, props);
  const onVolume =
    asObjects(props["volumes"]).some(
      (volume) =>
        volume["containerPath"] === dataDir &&
        (asString(volume["volumeName"]) ?? "") !== "" &&
        volume["hostPath"] === undefined,
    ) ||
    asObjects(props["mounts"]).some(
      (mount) => mount["type"] === "volume" && mount["target"] === dataDir && (asString(mount["source"]) ?? "") !== "",
    );
  return onVolume ? undefined : `${role} must mount a named volume at its data directory ${dataDir}`;
}

export const statefulDataOnVolumes: ResourceValidationPolicy = {
  name: "stateful-data-on-volumes",
  description:
    "Prometheus and Alertmanager keep their data on a claim of their StatefulSet (Kubernetes); Prometheus, Alertmanager and Grafana on a named volume (Docker).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (isWorkloadType(args.type)) {
      const problem = kubernetesDataProblem(args.type, args.props);
      if (problem !== undefined) reportViolation(`${describeObject(args.type, args.props, args.name)}: ${problem}`);
    } else if (args.type === dockerTypes.container) {
      const problem = dockerDataProblem(args.props);
      if (problem !== undefined) reportViolation(`container ${dockerName(args.props, args.name)}: ${problem}`);
    }
  },
};
