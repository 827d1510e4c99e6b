import type { ResolvedSettings } from "../../settings/validate";
import { secretToken } from "../secrets";
import type { FileSpec } from "../workload";
import { grafanaSecretPaths } from "./paths";

/**
 * Generic OAuth / OIDC login (`[auth.generic_oauth]`) from
 * `auth.grafanaOidc`, as `GF_AUTH_GENERIC_OAUTH_*` variables. The client
 * secret is read from a raw secret file (`__FILE`). PKCE is always on.
 * Without a role mapping everyone who signs in gets Grafana's default role
 * (Viewer); with one, `role_attribute_strict` refuses sign-ins the mapping
 * gives no role, so a typo in the mapping fails closed.
 * @returns nothing when `auth.grafanaOidc` is not set.
 */
export function genericOauthEnv(settings: ResolvedSettings): Record<string, string> {
  const oidc = settings.auth.grafanaOidc;
  if (oidc === undefined) return {};
  const prefix = "GF_AUTH_GENERIC_OAUTH_";
  return {
    [`${prefix}ENABLED`]: "true",
    [`${prefix}NAME`]: "Single sign-on",
    [`${prefix}CLIENT_ID`]: oidc.clientId,
    [`${prefix}CLIENT_SECRET__FILE`]: grafanaSecretPaths.oauthClientSecret,
    [`${prefix}SCOPES`]: oidc.scopes.join(" "),
    [`${prefix}AUTH_URL`]: oidc.authUrl,
    [`${prefix}TOKEN_URL`]: oidc.tokenUrl,
    [`${prefix}API_URL`]: oidc.apiUrl,
    [`${prefix}USE_PKCE`]: "true",
    // Users of the identity provider get a Grafana account on first sign-in;
    // local sign-up stays off (GF_USERS_ALLOW_SIGN_UP).
    [`${prefix}ALLOW_SIGN_UP`]: "true",
    [`${prefix}TLS_SKIP_VERIFY_INSECURE`]: "false",
    ...(oidc.roleAttributePath !== undefined
      ? { [`${prefix}ROLE_ATTRIBUTE_PATH`]: oidc.roleAttributePath, [`${prefix}ROLE_ATTRIBUTE_STRICT`]: "true" }
      : {}),
    // The login form stays as the break-glass path for the admin unless the stack says otherwise.
    GF_AUTH_DISABLE_LOGIN_FORM: String(oidc.disableLoginForm),
  };
}

/** The OAuth client secret as a raw secret file, when OIDC is configured. */
export function oauthSecretFiles(settings: ResolvedSettings): FileSpec[] {
  const oidc = settings.auth.grafanaOidc;
  if (oidc === undefined) return [];
  return [
    {
      path: grafanaSecretPaths.oauthClientSecret,
      content: secretToken(oidc.clientSecretSecret),
      secretEscaping: "raw",
    },
  ];
}
