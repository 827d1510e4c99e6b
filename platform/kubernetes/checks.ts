import type { ResolvedWorkload } from "../types";
import { baseNameOf, directoryOf } from "./names";

/**
 * Checks a workload for what Kubernetes would reject or silently get wrong,
 * before any resource is registered, so the message names the workload and
 * field rather than surfacing as an API error halfway through `pulumi up`.
 * @throws Error listing every problem found.
 */
export function checkWorkload(workload: ResolvedWorkload): void {
  const problems = workloadProblems(workload);
  if (problems.length > 0) {
    throw new Error(
      `workload '${workload.role}' cannot be deployed to Kubernetes:\n` + problems.map((p) => `  - ${p}`).join("\n"),
    );
  }
}

/** Every problem with a workload, as readable sentences (empty when it is fine). */
export function workloadProblems(workload: ResolvedWorkload): string[] {
  const problems: string[] = [];
  const portNames = workload.ports.map((port) => port.name);
  const known = portNames.length > 0 ? portNames.join(", ") : "none";

  const seen = new Set<string>();
  for (const name of portNames) {
    if (seen.has(name))
      problems.push(`ports: name '${name}' is used twice; container and Service port names must be unique`);
    seen.add(name);
    // IANA service names: what Kubernetes accepts as a port name.
    if (!/^(?=.{1,15}$)[a-z0-9]+(-[a-z0-9]+)*$/.test(name) || !/[a-z]/.test(name)) {
      problems.push(`ports: name '${name}' must be 1-15 lowercase letters, digits and inner dashes, with a letter`);
    }
  }
  const portRefs: [string, string][] = [
    ["health.liveness.port", workload.health.liveness.port],
    ["health.readiness.port", workload.health.readiness.port],
  ];
  if (workload.ui) portRefs.push(["ui.port", workload.ui.port]);
  if (workload.peers) portRefs.push(["peers.port", workload.peers.port]);
  workload.allowFrom.forEach((rule, index) => {
    rule.ports.forEach((port) => portRefs.push([`allowFrom[${index}].ports`, port]));
    // An empty list means "everything" to a NetworkPolicy: never the intent here.
    if (rule.ports.length === 0) problems.push(`allowFrom[${index}].ports is empty; name the ports it opens`);
    if (rule.from.length === 0)
      problems.push(`allowFrom[${index}].from is empty; name the roles, 'ingress' or 'cluster'`);
  });
  for (const [field, port] of portRefs) {
    if (!portNames.includes(port)) problems.push(`${field} is '${port}', which is not one of its ports (${known})`);
  }

  if (workload.dataVolume && workload.kind !== "stateful") {
    problems.push(
      `dataVolume is set but kind is '${workload.kind}'; only a stateful workload keeps a volume per replica ` +
        "(make it stateful or drop the volume)",
    );
  }
  if (workload.user.uid === 0 && !workload.host?.privileged) {
    problems.push("user.uid is 0 (root); pods run as non-root unless host.privileged is set");
  }
  if (workload.kind === "perNode" && workload.replicas !== 1) {
    problems.push(`replicas is ${workload.replicas} but kind is 'perNode'; a DaemonSet runs one pod per node`);
  }

  const directories = new Map<string, boolean>();
  const paths = new Set<string>();
  for (const file of workload.files) {
    if (!file.path.startsWith("/") || baseNameOf(file.path) === "") {
      problems.push(`files: '${file.path}' must be an absolute file path`);
      continue;
    }
    if (paths.has(file.path)) problems.push(`files: '${file.path}' appears twice`);
    paths.add(file.path);
    const directory = directoryOf(file.path);
    const sensitive = directories.get(directory);
    if (sensitive !== undefined && sensitive !== file.sensitive) {
      problems.push(
        `files: directory '${directory}' mixes secret and plain files; it is mounted from one ConfigMap or ` +
          "one Secret, so put the secret files in a directory of their own",
      );
    }
    directories.set(directory, file.sensitive);
  }

  if (workload.tlsSecret && !workload.tlsSecret.mountPath.startsWith("/")) {
    problems.push(`tlsSecret.mountPath '${workload.tlsSecret.mountPath}' must be an absolute directory`);
  }
  const mountPaths = [
    ...directories.keys(),
    ...(workload.tlsSecret ? [workload.tlsSecret.mountPath] : []),
    ...workload.scratchPaths,
    ...(workload.dataVolume ? [workload.dataVolume.mountPath] : []),
    ...(workload.host?.mounts.map((mount) => mount.mountPath) ?? []),
  ];
  const mounted = new Set<string>();
  for (const path of mountPaths) {
    if (mounted.has(path))
      problems.push(`'${path}' is mounted twice (config, TLS, scratch, data or host mounts overlap)`);
    mounted.add(path);
  }
  return problems;
}
