import type { StackSettings } from "../../settings/schema";
import { bcryptToken } from "../secrets";
import { tlsEnabled, tlsPaths } from "../tls";
import { basicAuthCapable, type WebServerRole } from "./roles";

type SecuritySettings = Pick<StackSettings, "tls" | "auth">;

/**
 * Response headers for every server. Only keys that exporter-toolkit
 * accepts in both generations the stack meets (Prometheus 2.42 /
 * Alertmanager 0.25 from Debian in tests, Prometheus 3.5 / Alertmanager
 * 0.28 deployed); values are checked by `promtool check web-config`.
 * `frame-ancestors 'none'` and `X-Frame-Options: deny` both forbid framing
 * (old and new browsers); the UIs never need to be framed.
 */
const securityHeaders = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "deny",
  "Content-Security-Policy": "frame-ancestors 'none'",
} as const;

/** One year, the preload lists' minimum; the UIs are only ever served over https once TLS is on. */
const hsts = "max-age=31536000; includeSubDomains";

/** Whether a role requires basic auth in this stack. */
export function requiresBasicAuth(settings: SecuritySettings, role: WebServerRole): boolean {
  return settings.auth.basicAuth.enabled && basicAuthCapable(role);
}

/**
 * The exporter-toolkit web config (`--web.config.file`) of a server role,
 * or `undefined` when the stack has neither TLS nor basic auth for it (dev:
 * the server runs as before, without the flag).
 * - TLS: the role's certificate and key from `tlsPaths(role)`, TLS 1.2 at
 *   least. Not 1.3 only: BusyBox wget, which the probes run, speaks 1.2.
 * - Headers: the security headers above, plus HSTS when TLS is on.
 * - Basic auth: one user whose bcrypt hash is filled from the password
 *   secret (`bcryptToken`), so the document is a secret file.
 */
export function webConfig(settings: SecuritySettings, role: WebServerRole): Record<string, unknown> | undefined {
  const tls = tlsEnabled(settings);
  const basicAuth = requiresBasicAuth(settings, role);
  if (!tls && !basicAuth) return undefined;
  const config: Record<string, unknown> = {};
  if (tls) {
    const paths = tlsPaths(role);
    config["tls_server_config"] = { cert_file: paths.cert, key_file: paths.key, min_version: "TLS12" };
  }
  config["http_server_config"] = {
    headers: tls ? { ...securityHeaders, "Strict-Transport-Security": hsts } : { ...securityHeaders },
  };
  if (basicAuth) {
    const { username, passwordSecret } = settings.auth.basicAuth;
    config["basic_auth_users"] = { [username]: bcryptToken(passwordSecret) };
  }
  return config;
}
