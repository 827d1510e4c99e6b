import type { ResolvedSettings } from "../../settings/validate";

/** Role (Service name) of the authenticating proxy in front of the Jaeger UI. */
export const jaegerProxyRole = "jaeger-proxy";

/** The `auth.jaegerProxy` settings when the stack runs the proxy: Jaeger on, Kubernetes, proxy configured. */
export function jaegerProxySettings(
  settings: ResolvedSettings,
): NonNullable<ResolvedSettings["auth"]["jaegerProxy"]> | undefined {
  if (!settings.jaeger.enabled || settings.target !== "kubernetes") return undefined;
  return settings.auth.jaegerProxy;
}
