import type { Resources } from "../../settings/schema";
import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { uiHost } from "../addresses";
import { secretToken } from "../secrets";
import { tlsDelivery, tlsDir, tlsEnabled } from "../tls";
import type { HttpProbe, Workload } from "../workload";
import { jaegerProxyArgs, jaegerProxyPorts, jaegerProxySecretPaths } from "./args";
import { jaegerProxyRole, jaegerProxySettings } from "./settings";

/** A small Go proxy: requests and limits of the same order as the exporters'. */
const proxyResources: Resources = {
  requests: { cpu: "20m", memory: "32Mi" },
  limits: { cpu: "200m", memory: "128Mi" },
};

/** The distroless image's `nonroot` user. */
const proxyUser = { uid: 65532, gid: 65532 };

/**
 * oauth2-proxy in front of the Jaeger UI, which has no auth of its own
 * (Kubernetes only, when `auth.jaegerProxy` is set): it owns the Jaeger
 * Ingress host, lets in users the OIDC provider signs in (by email domain)
 * and forwards to Jaeger's query port, over TLS verified against the
 * stack's CA when TLS is on. Sessions live in an encrypted cookie, so
 * replicas share nothing.
 * @returns undefined when the stack runs no proxy.
 */
export function jaegerProxyWorkload(settings: ResolvedSettings): Workload | undefined {
  const proxy = jaegerProxySettings(settings);
  if (proxy === undefined) return undefined;
  const tls = tlsEnabled(settings);
  const delivery = tlsDelivery(settings, jaegerProxyRole);
  const port = tls ? "https" : "http";
  const probe = (path: string): HttpProbe => (tls ? { path, port, scheme: "HTTPS" } : { path, port });
  return {
    role: jaegerProxyRole,
    kind: "stateless",
    image: settings.versions["oauth2Proxy"] ?? defaultImages.oauth2Proxy,
    args: jaegerProxyArgs(settings, proxy),
    // oauth2-proxy has no option for an upstream CA; Go's TLS stack adds
    // every certificate in SSL_CERT_DIR to the system roots (the image's
    // bundle stays, so a public OIDC provider still verifies). The directory
    // also holds the proxy's own leaf, which vouches only for its own names.
    env: tls ? { SSL_CERT_DIR: tlsDir(jaegerProxyRole) } : {},
    files: [
      {
        path: jaegerProxySecretPaths.clientSecret,
        content: secretToken(proxy.clientSecretSecret),
        secretEscaping: "raw",
      },
      {
        path: jaegerProxySecretPaths.cookieSecret,
        content: secretToken(proxy.cookieSecretSecret),
        secretEscaping: "raw",
      },
      ...delivery.files,
    ],
    ...(delivery.tlsSecret !== undefined ? { tlsSecret: delivery.tlsSecret } : {}),
    ports: [{ name: port, port: tls ? jaegerProxyPorts.https : jaegerProxyPorts.http }],
    scratchPaths: [],
    health: {
      liveness: probe("/ping"),
      // The distroless image has no shell or client: probed from outside only.
      readiness: probe("/ready"),
    },
    resources: proxyResources,
    // Two in prod so that the UI stays reachable through a node drain.
    replicas: settings.environment === "prod" ? 2 : 1,
    user: proxyUser,
    ui: { port, host: uiHost(settings, "jaeger") },
    allowFrom: [{ ports: [port], from: ["ingress"] }],
  };
}
