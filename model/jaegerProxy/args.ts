import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles, serviceAddress, uiHost } from "../addresses";
import { tlsEnabled, tlsPaths } from "../tls";
import { jaegerProxyRole } from "./settings";

/** oauth2-proxy's listening ports: its usual 4180 for HTTP, 4443 for HTTPS (unprivileged). */
export const jaegerProxyPorts = { http: 4180, https: 4443 } as const;

/** Where the proxy's secret files live: a secret-only directory. */
export const jaegerProxySecretPaths = {
  clientSecret: "/etc/jaeger-proxy/secrets/client-secret",
  cookieSecret: "/etc/jaeger-proxy/secrets/cookie-secret",
} as const;

type ProxySettings = NonNullable<ResolvedSettings["auth"]["jaegerProxy"]>;

/**
 * oauth2-proxy's command line (its legacy flags, stable across v7). No
 * secret is on it: the client secret and the cookie secret are read from
 * raw files (`--client-secret-file`, `--cookie-secret-file`; the latter
 * since v7.12 and fixed for every session path in v7.13). OIDC with PKCE
 * (`--code-challenge-method=S256`) and nonce checking on; endpoints come from
 * the issuer's discovery document.
 */
export function jaegerProxyArgs(settings: ResolvedSettings, proxy: ProxySettings): string[] {
  const tls = tlsEnabled(settings);
  const scheme = tls ? "https" : "http";
  const paths = tlsPaths(jaegerProxyRole);
  return [
    "--provider=oidc",
    `--oidc-issuer-url=${proxy.issuerUrl}`,
    `--client-id=${proxy.clientId}`,
    `--client-secret-file=${jaegerProxySecretPaths.clientSecret}`,
    `--scope=${proxy.scopes.join(" ")}`,
    "--code-challenge-method=S256",
    // The flag's default is true (skip); the stack checks the ID token's nonce.
    "--insecure-oidc-skip-nonce=false",
    ...proxy.emailDomains.map((domain) => `--email-domain=${domain}`),
    `--redirect-url=https://${uiHost(settings, "jaeger")}/oauth2/callback`,
    `--cookie-secret-file=${jaegerProxySecretPaths.cookieSecret}`,
    "--cookie-name=_jaeger_proxy",
    "--cookie-secure=true",
    "--cookie-samesite=lax",
    "--cookie-expire=12h",
    // Behind the Ingress controller, which sets X-Forwarded-*; nothing else
    // may reach the proxy (NetworkPolicy).
    "--reverse-proxy=true",
    "--skip-provider-button=true",
    `--upstream=${scheme}://${serviceAddress(settings, roles.jaeger, ports.jaegerQuery)}/`,
    ...(tls
      ? [
          // With a certificate oauth2-proxy runs only the HTTPS listener.
          `--https-address=0.0.0.0:${jaegerProxyPorts.https}`,
          `--tls-cert-file=${paths.cert}`,
          `--tls-key-file=${paths.key}`,
          "--tls-min-version=TLS1.2",
        ]
      : [`--http-address=0.0.0.0:${jaegerProxyPorts.http}`]),
    "--silence-ping-logging=true",
  ];
}
