import type { ResolvedSettings } from "../../settings/validate";
import { roles } from "../addresses";
import { runsRole } from "../rolesInUse";

/** Role (Service name) of the authenticating proxy in front of the Jaeger UI. */
export const jaegerProxyRole = roles.jaegerProxy;

/** The `auth.jaegerProxy` settings when the stack runs the proxy (see rolesInUse). */
export function jaegerProxySettings(
  settings: ResolvedSettings,
): NonNullable<ResolvedSettings["auth"]["jaegerProxy"]> | undefined {
  return runsRole(settings, jaegerProxyRole) ? settings.auth.jaegerProxy : undefined;
}
