import { DaemonSet, Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from "kubernetes-models/v1";
import { CertManagerCertificate } from "./certManagerModel";

/**
 * Validation of generated Kubernetes objects against the API schema, with
 * the `kubernetes-models` classes (types, required fields, enums) plus a
 * check for unknown fields, which those classes let through: a misspelled
 * `readOnlyRootFileSystem` would otherwise pass and be dropped by the API
 * server without a word.
 */

interface Validatable {
  validate(): void;
}
type ModelClass = { new (data: Record<string, unknown>): Validatable; prototype: Validatable };

/** The kinds the stack creates, by `apiVersion/kind`. */
const models = {
  "v1/Namespace": Namespace,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "v1/ServiceAccount": ServiceAccount,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "apps/v1/DaemonSet": DaemonSet,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "networking.k8s.io/v1/Ingress": Ingress,
  "rbac.authorization.k8s.io/v1/ClusterRole": ClusterRole,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": ClusterRoleBinding,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
  // Not in kubernetes-models: a structural check of the CRD (certManagerModel.ts).
  "cert-manager.io/v1/Certificate": CertManagerCertificate,
} as unknown as Record<string, ModelClass>;

interface ObjectVisit {
  readonly path: string;
  readonly keys: readonly string[];
  readonly read: Set<string>;
  /** Set when the validator enumerated the keys: a map (labels, resources), any key allowed. */
  enumerated: boolean;
}

/**
 * A copy of `value` whose objects record which properties the schema
 * validator reads. The compiled validators read each property the schema
 * knows and enumerate only maps, so a key never read is unknown.
 */
function instrument(value: unknown, path: string, visits: ObjectVisit[]): unknown {
  if (Array.isArray(value)) return value.map((item, index) => instrument(item, `${path}[${index}]`, visits));
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value)) copy[name] = instrument(inner, `${path}.${name}`, visits);
  const visit: ObjectVisit = { path, keys: Object.keys(copy), read: new Set(), enumerated: false };
  visits.push(visit);
  return new Proxy(copy, {
    get(target, property, receiver) {
      if (typeof property === "string") visit.read.add(property);
      return Reflect.get(target, property, receiver) as unknown;
    },
    ownKeys(target) {
      visit.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

function modelFor(object: Record<string, unknown>): ModelClass {
  const id = `${String(object["apiVersion"])}/${String(object["kind"])}`;
  const model = models[id];
  if (model === undefined)
    throw new Error(`no kubernetes-models class for ${id}; add it to test/helpers/kubernetesModels.ts`);
  return model;
}

/** Paths of fields the object's schema does not know (e.g. `.spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem`). */
export function unknownFields(object: Record<string, unknown>): string[] {
  const model = modelFor(object);
  const visits: ObjectVisit[] = [];
  const proxy = instrument(object, "", visits);
  try {
    model.prototype.validate.call(proxy);
  } catch {
    // Type errors are reported by validateKubernetesObject; here only the reads count.
  }
  return visits
    .filter((visit) => !visit.enumerated)
    .flatMap((visit) => visit.keys.filter((name) => !visit.read.has(name)).map((name) => `${visit.path}.${name}`));
}

/**
 * Validates one object (with `apiVersion` and `kind`) against its schema.
 * @throws naming the object and every problem: schema errors and unknown fields.
 */
export function validateKubernetesObject(object: Record<string, unknown>): void {
  const model = modelFor(object);
  const metadata = object["metadata"] as { name?: string } | undefined;
  const label = `${String(object["kind"])} ${metadata?.name ?? "(unnamed)"}`;
  try {
    new model(object).validate();
  } catch (error) {
    throw new Error(`${label} does not match the Kubernetes schema: ${(error as Error).message}`, { cause: error });
  }
  const unknown = unknownFields(object);
  if (unknown.length > 0)
    throw new Error(`${label} has fields the Kubernetes schema does not know: ${unknown.join(", ")}`);
}
