import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles, uiHost } from "../addresses";
import { tlsEnabled, tlsPaths } from "../tls";
import { httpHealth } from "../probes";
import type { HealthCheck, HttpProbe } from "../workload";
import { targetTraits } from "../targetTraits";

/** HSTS lifetime: one year, the common floor for HSTS preload lists and scanners. */
const hstsMaxAgeSeconds = 31536000;

/** Whether Grafana itself serves HTTPS: whenever the stack's TLS is on. */
export function grafanaServesTls(settings: ResolvedSettings): boolean {
  return tlsEnabled(settings);
}

/** Name of Grafana's one port, after the protocol it speaks. */
export function grafanaPortName(settings: ResolvedSettings): "http" | "https" {
  return grafanaServesTls(settings) ? "https" : "http";
}

/**
 * URL a person opens: the Ingress host on Kubernetes (always https: the
 * controller terminates TLS), the published loopback port on Docker, over
 * https when Grafana serves it.
 */
export function grafanaRootUrl(settings: ResolvedSettings): string {
  if (!targetTraits(settings).loopbackUis) return `https://${uiHost(settings, "grafana")}/`;
  const scheme = grafanaServesTls(settings) ? "https" : "http";
  return `${scheme}://127.0.0.1:${settings.docker.ports.grafana}/`;
}

/**
 * `[server]` and the transport half of `[security]`: HTTPS with the role's
 * certificate when TLS is on (so the Ingress → Grafana hop is encrypted
 * too), secure cookies whenever the browser speaks https, and HSTS on
 * Kubernetes. Grafana only sends the HSTS header when it serves https
 * itself; with TLS off an Ingress controller's own HSTS applies.
 */
export function grafanaServerEnv(settings: ResolvedSettings): Record<string, string> {
  const paths = tlsPaths(roles.grafana);
  const browserHttps = grafanaRootUrl(settings).startsWith("https://");
  return {
    GF_SERVER_HTTP_PORT: String(ports.grafana),
    GF_SERVER_ROOT_URL: grafanaRootUrl(settings),
    ...(grafanaServesTls(settings)
      ? {
          GF_SERVER_PROTOCOL: "https",
          GF_SERVER_CERT_FILE: paths.cert,
          GF_SERVER_CERT_KEY: paths.key,
          GF_SERVER_MIN_TLS_VERSION: "TLS1.2",
        }
      : {}),
    GF_SECURITY_COOKIE_SECURE: String(browserHttps),
    ...(!targetTraits(settings).loopbackUis
      ? {
          GF_SECURITY_STRICT_TRANSPORT_SECURITY: "true",
          GF_SECURITY_STRICT_TRANSPORT_SECURITY_MAX_AGE_SECONDS: String(hstsMaxAgeSeconds),
        }
      : {}),
  };
}

/**
 * Liveness and readiness on `/api/health` (no login needed). Over HTTPS
 * probes from outside do not verify the certificate; the check from inside
 * runs curl (in the image) against `localhost`, a name on the certificate,
 * and verifies it against the stack's CA.
 */
export function grafanaHealth(settings: ResolvedSettings): HealthCheck {
  const port = { name: grafanaPortName(settings), number: ports.grafana };
  // The image is Alpine based and carries BusyBox wget.
  if (!grafanaServesTls(settings)) return httpHealth("/api/health", port, "wget");
  const probe: HttpProbe = {
    path: "/api/health",
    port: port.name,
    scheme: "HTTPS",
    command: [
      "curl",
      "-fsS",
      "-o",
      "/dev/null",
      "--cacert",
      tlsPaths(roles.grafana).ca,
      `https://localhost:${port.number}/api/health`,
    ],
  };
  return { liveness: probe, readiness: probe };
}
