import type { HealthCheck } from "./workload";

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

/**
 * An HTTP health check on one port, for liveness and readiness alike.
 * `wget` names images that carry BusyBox wget (the Prometheus project's
 * busybox-based images, Alpine ones), which can check themselves from
 * inside; images built `FROM scratch` or distroless cannot (`none`).
 */
export function httpHealth(
  path: string,
  port: { readonly name: string; readonly number: number },
  tool: "wget" | "none",
  scheme: "HTTP" | "HTTPS" = "HTTP",
): HealthCheck {
  const url = `${scheme.toLowerCase()}://127.0.0.1:${port.number}${path}`;
  const probe = {
    path,
    port: port.name,
    ...(scheme === "HTTPS" ? { scheme } : {}),
    ...(tool === "wget" ? { command: fetchCommand(url) } : {}),
  };
  return { liveness: probe, readiness: probe };
}

/**
 * The health endpoints of the Prometheus project's servers (Prometheus,
 * Alertmanager): alive on `/-/healthy`, taking traffic on `/-/ready`, both
 * on the `http` port. Their busybox-based images check themselves with wget.
 */
export function prometheusServerHealth(portNumber: number): HealthCheck {
  const probe = (path: string) => ({
    path,
    port: "http",
    command: ["wget", "-q", "--spider", `http://127.0.0.1:${portNumber}${path}`],
  });
  return { liveness: probe("/-/healthy"), readiness: probe("/-/ready") };
}
