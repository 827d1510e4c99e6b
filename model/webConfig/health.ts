import type { StackSettings } from "../../settings/schema";
import type { HealthCheck, HttpProbe } from "../workload";
import { webConfigPaths } from "./paths";
import type { WebServing } from "./serving";

/**
 * A command that fetches one URL of the server from inside its own
 * container, for images that carry BusyBox (the Prometheus project's
 * images are built on quay.io/prometheus/busybox, BusyBox 1.37 with
 * `make defconfig`: sh, cat, printf, base64, tr and wget with HTTPS).
 *
 * - Basic auth: the password is read from the mounted raw secret file at
 *   run time and sent as an `Authorization: Basic` header built with
 *   base64, so no credential is in the pod spec or the image's history,
 *   and any character in the password is safe (credentials in the URL
 *   would break on `@`, `:` or `/`). `tr` drops the line breaks BusyBox
 *   base64 inserts every 76 characters.
 * - TLS: BusyBox wget's built-in TLS (1.2 only, no OpenSSL in the image)
 *   cannot verify certificates at all; `--no-check-certificate` says so
 *   and silences its warning. The probe talks to 127.0.0.1 inside the
 *   pod, the same trust the kubelet's own HTTPS probes give (they never
 *   verify either); every client across the network verifies against the CA.
 * - The exit status is the answer: wget fails on any status >= 400, so a
 *   wrong password (401) or an unready server (503) fails the probe.
 */
export function fetchCommand(url: string, credentials?: { username: string; passwordFile: string }): string[] {
  const tlsFlag = url.startsWith("https:") ? ["--no-check-certificate"] : [];
  if (credentials === undefined) return ["wget", "-q", "-O", "/dev/null", ...tlsFlag, url];
  const header = `"Authorization: Basic $(printf '%s:%s' '${credentials.username}' "$p" | base64 | tr -d '\\n')"`;
  const script = [
    `p="$(cat '${credentials.passwordFile}')"`,
    "&&",
    "exec wget -q -O /dev/null",
    ...tlsFlag,
    "--header",
    header,
    `'${url}'`,
  ].join(" ");
  return ["sh", "-c", script];
}

/** Port numbers by port name, to address a probe from inside the container. */
export type PortNumbers = Readonly<Record<string, number>>;

function urlOf(serving: WebServing, probe: HttpProbe, portNumbers: PortNumbers): string {
  const port = portNumbers[probe.port];
  if (port === undefined)
    throw new Error(`probe on ${probe.path} names port '${probe.port}', which the workload does not have`);
  return `${serving.scheme}://127.0.0.1:${port}${probe.path}`;
}

/**
 * A role's health check once it serves TLS and/or basic auth; the plain
 * one unchanged when it serves neither. HTTP probes switch to HTTPS; with
 * basic auth, Kubernetes runs the probes as commands that authenticate
 * (`kubernetesExec`) and Docker does the same. `tool` says whether the
 * image can run them: images without a shell (distroless) cannot check
 * themselves from inside, and cannot be put behind basic auth either.
 */
export function securedHealth(
  plain: HealthCheck,
  serving: WebServing,
  settings: Pick<StackSettings, "auth">,
  role: string,
  portNumbers: PortNumbers,
  tool: "wget" | "none",
): HealthCheck {
  if (serving.args.length === 0) return plain;
  if (serving.basicAuth && tool === "none") {
    throw new Error(`${role} requires basic auth but its image has no shell to send credentials from its probes`);
  }
  const scheme = serving.scheme === "https" ? { scheme: "HTTPS" as const } : {};
  const liveness = { ...plain.liveness, ...scheme };
  const readiness = { ...plain.readiness, ...scheme };
  const credentials = serving.basicAuth
    ? { username: settings.auth.basicAuth.username, passwordFile: webConfigPaths(role).password }
    : undefined;
  const command = (probe: HttpProbe) => fetchCommand(urlOf(serving, probe, portNumbers), credentials);
  return {
    liveness,
    readiness,
    ...(credentials !== undefined
      ? { kubernetesExec: { liveness: command(plain.liveness), readiness: command(plain.readiness) } }
      : {}),
    docker: tool === "none" ? "none" : ["CMD", ...command(plain.liveness)],
  };
}
