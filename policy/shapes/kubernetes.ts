import { asObject, asObjects, asString, asStringMap, asStrings, at, type JsonObject } from "./json";

/**
 * Where the Kubernetes objects the policies inspect keep their pods and
 * containers. The Kubernetes provider's inputs are the object itself
 * (`apiVersion`, `kind`, `metadata`, `spec`), so these paths are the API's.
 */

/** Type tokens of the Kubernetes resources the policies read. */
export const kubernetesTypes = {
  namespace: "kubernetes:core/v1:Namespace",
  configMap: "kubernetes:core/v1:ConfigMap",
  secret: "kubernetes:core/v1:Secret",
  service: "kubernetes:core/v1:Service",
  pod: "kubernetes:core/v1:Pod",
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  daemonSet: "kubernetes:apps/v1:DaemonSet",
  job: "kubernetes:batch/v1:Job",
  cronJob: "kubernetes:batch/v1:CronJob",
  ingress: "kubernetes:networking.k8s.io/v1:Ingress",
} as const;

/**
 * Resource types that run pods, with the path to their pod spec. Deployments,
 * StatefulSets and DaemonSets are what the stack makes; bare Pods, Jobs and
 * CronJobs are checked too so that a pod cannot slip past the rules by being
 * declared another way.
 */
const podSpecPaths: Readonly<Record<string, readonly string[]>> = {
  [kubernetesTypes.pod]: ["spec"],
  [kubernetesTypes.deployment]: ["spec", "template", "spec"],
  [kubernetesTypes.statefulSet]: ["spec", "template", "spec"],
  [kubernetesTypes.daemonSet]: ["spec", "template", "spec"],
  [kubernetesTypes.job]: ["spec", "template", "spec"],
  [kubernetesTypes.cronJob]: ["spec", "jobTemplate", "spec", "template", "spec"],
};

/** True for resource types that run pods. */
export function isWorkloadType(type: string): boolean {
  return podSpecPaths[type] !== undefined;
}

/** The pod spec of a workload, or `undefined` for other types (or a workload without one). */
export function podSpecOf(type: string, props: JsonObject): JsonObject | undefined {
  const path = podSpecPaths[type];
  return path === undefined ? undefined : asObject(at(props, ...path));
}

/** A container of a pod with the list it sits in, for messages. */
export interface PodContainer {
  readonly container: JsonObject;
  /** `containers`, `initContainers` or `ephemeralContainers`. */
  readonly list: string;
  readonly name: string;
}

/** Every container of a pod spec: init, regular and ephemeral ones. */
export function containersOf(podSpec: JsonObject): PodContainer[] {
  return ["initContainers", "containers", "ephemeralContainers"].flatMap((list) =>
    asObjects(podSpec[list]).map((container, index) => ({
      container,
      list,
      name: asString(container["name"]) ?? `#${index}`,
    })),
  );
}

/** `metadata.name` of an object, or `undefined` when it is auto-named. */
export function objectName(props: JsonObject): string | undefined {
  return asString(at(props, "metadata", "name"));
}

/** `metadata.namespace` of an object; `default` when unset, as the API server would place it. */
export function objectNamespace(props: JsonObject): string {
  return asString(at(props, "metadata", "namespace")) ?? "default";
}

/** `metadata.labels` of an object. */
export function objectLabels(props: JsonObject): Record<string, string> {
  return asStringMap(at(props, "metadata", "labels"));
}

/** How a message names an object: `StatefulSet observability/prometheus`, or the Pulumi name when auto-named. */
export function describeObject(type: string, props: JsonObject, pulumiName: string): string {
  const kind = type.split(":").pop() ?? type;
  const name = objectName(props);
  return name === undefined ? `${kind} ${pulumiName}` : `${kind} ${objectNamespace(props)}/${name}`;
}

/** The container's arguments: `command` and `args` together, since a flag may sit in either. */
export function commandLine(container: JsonObject): string[] {
  return [...asStrings(container["command"]), ...asStrings(container["args"])];
}

/**
 * The literal value of an environment variable (`value`, not `valueFrom`),
 * if set. The kubelet lets a later entry of the same name win, so the last
 * one counts.
 */
export function envValue(container: JsonObject, name: string): string | undefined {
  const entry = asObjects(container["env"]).findLast((variable) => variable["name"] === name);
  return entry === undefined ? undefined : asString(entry["value"]);
}

/**
 * The repository's last path segment of an image reference, without tag or
 * digest: `quay.io/prometheus/alertmanager:v0.28.1` → `alertmanager`. This is
 * how the policies recognise what a container runs, independent of the names
 * a stack gives its objects.
 */
export function imageRepositoryName(image: string): string {
  const withoutDigest = image.split("@")[0];
  const lastSegment = withoutDigest.split("/").pop() ?? withoutDigest;
  return lastSegment.split(":")[0];
}

/**
 * Which of `roles` a workload object plays: its `metadata.name` or its
 * `app.kubernetes.io/name` label (the stack names its controllers after the
 * role, and the label survives a rename).
 */
export function workloadRole(props: JsonObject, roles: readonly string[]): string | undefined {
  const candidates = [objectName(props), objectLabels(props)["app.kubernetes.io/name"]];
  return roles.find((role) => candidates.includes(role));
}

/** The container that runs `role`: the one named so, else the one whose image is, else the first. */
export function roleContainer(podSpec: JsonObject, role: string): JsonObject | undefined {
  const containers = asObjects(podSpec["containers"]);
  return (
    containers.find((container) => container["name"] === role) ??
    containers.find((container) => imageRepositoryName(asString(container["image"]) ?? "") === role) ??
    containers[0]
  );
}

/** The labels of the pods a workload makes (its pod template's, or a Pod's own). */
export function podLabelsOf(type: string, props: JsonObject): Record<string, string> {
  if (type === kubernetesTypes.pod) return objectLabels(props);
  const templatePath =
    type === kubernetesTypes.cronJob
      ? ["spec", "jobTemplate", "spec", "template", "metadata", "labels"]
      : ["spec", "template", "metadata", "labels"];
  return asStringMap(at(props, ...templatePath));
}

/**
 * True when a TLS host list covers a host: exactly, or by a wildcard for its
 * first label (`*.example.com` covers `grafana.example.com`, not `a.b.example.com`).
 */
export function tlsCovers(tlsHosts: readonly string[], host: string): boolean {
  return tlsHosts.some(
    (tlsHost) =>
      tlsHost === host || (tlsHost.startsWith("*.") && host.slice(host.indexOf(".") + 1) === tlsHost.slice(2)),
  );
}

/** An Ingress rule: its host (absent: every host) and the Services it routes to. */
export interface IngressRoute {
  readonly host: string | undefined;
  readonly services: string[];
}

/** The routes of an Ingress, `defaultBackend` included (as a route without host). */
export function ingressRoutes(props: JsonObject): IngressRoute[] {
  const serviceOf = (backend: unknown) => asString(at(backend, "service", "name"));
  const routes = asObjects(at(props, "spec", "rules")).map((rule) => ({
    host: asString(rule["host"]),
    services: asObjects(at(rule, "http", "paths")).flatMap((path) => serviceOf(path["backend"]) ?? []),
  }));
  const fallback = serviceOf(at(props, "spec", "defaultBackend"));
  return fallback === undefined ? routes : [...routes, { host: undefined, services: [fallback] }];
}

/** The hosts each `spec.tls` entry of an Ingress covers; an entry without hosts yields an empty list. */
export function ingressTlsEntries(props: JsonObject): string[][] {
  return asObjects(at(props, "spec", "tls")).map((entry) => asStrings(entry["hosts"]));
}

/** True when an Ingress's TLS entries cover a route's host. */
export function routeHasTls(tls: readonly string[][], route: IngressRoute): boolean {
  if (tls.length === 0) return false;
  // A rule without host serves every host; an entry without hosts is the controller's default certificate.
  return route.host === undefined ? tls.some((entry) => entry.length === 0) : tlsCovers(tls.flat(), route.host);
}

/** The routes of an Ingress that TLS does not cover (all of them without a `tls` section). */
export function routesWithoutTls(props: JsonObject): IngressRoute[] {
  const tls = ingressTlsEntries(props);
  return ingressRoutes(props).filter((route) => !routeHasTls(tls, route));
}
