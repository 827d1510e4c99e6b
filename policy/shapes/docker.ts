import { asObjects, asString, asStrings, type JsonObject } from "./json";

/** Type tokens of the Docker provider's resources the policies read. */
export const dockerTypes = {
  container: "docker:index/container:Container",
  remoteImage: "docker:index/remoteImage:RemoteImage",
} as const;

/** The container's environment, parsed from the provider's `envs: ["NAME=value"]`. */
export function dockerEnv(props: JsonObject): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of asStrings(props["envs"])) {
    const separator = entry.indexOf("=");
    if (separator > 0) env.set(entry.slice(0, separator), entry.slice(separator + 1));
  }
  return env;
}

/** The label the stack puts on its containers to name their role. */
export const roleLabel = "observability-stack.role";

/** The label the stack puts on its containers with the image reference they run (see platform/docker/names.ts). */
export const imageLabel = "observability-stack.image";

/** The value of a Docker resource's label, when it has that label. */
export function dockerLabel(props: JsonObject, label: string): string | undefined {
  return asString(asObjects(props["labels"]).find((entry) => entry["label"] === label)?.["value"]);
}

/**
 * The role of a Docker container: its `observability-stack.role` label, else
 * the end of its container name (`obs-dev-prometheus` → matched against the
 * roles asked for). Returns `undefined` when neither names one of `roles`.
 */
export function dockerRole(props: JsonObject, roles: readonly string[]): string | undefined {
  const labelled = dockerLabel(props, roleLabel);
  if (labelled !== undefined) return roles.includes(labelled) ? labelled : undefined;
  const name = asString(props["name"]) ?? "";
  return roles.find((role) => name === role || name.endsWith(`-${role}`));
}

/** `name` of a Docker container for messages (its Pulumi name when auto-named). */
export function dockerName(props: JsonObject, pulumiName: string): string {
  return asString(props["name"]) ?? pulumiName;
}
