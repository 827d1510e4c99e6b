import { z } from "zod";
import { hostName, httpUrl, objectName, secretKeyName, text } from "../formats";
import { runsOnKubernetes, type Environment } from "./environments";

/** TLS between every hop and authentication in front of every UI. */

export const tls = z.discriminatedUnion("mode", [
  /** Plain HTTP inside the network (dev only). */
  z.strictObject({ mode: z.literal("none") }),
  /**
   * A CA and one certificate per service made with @pulumi/tls and kept in
   * the stack's state; SANs cover every name the service is reached by.
   */
  z.strictObject({
    mode: z.literal("selfSigned"),
    /** Certificate lifetime; `pulumi up` renews a certificate inside its early-renewal window. */
    validityHours: z.int().min(24).max(87600).default(8760),
    earlyRenewalHours: z.int().min(1).default(720),
  }),
  /** cert-manager `Certificate`s from an existing issuer (Kubernetes only). */
  z.strictObject({
    mode: z.literal("certManager"),
    issuer: z.strictObject({
      name: objectName.meta({ examples: ["letsencrypt-prod"] }),
      kind: z.enum(["Issuer", "ClusterIssuer"]).default("ClusterIssuer"),
      group: hostName.default("cert-manager.io"),
    }),
    /** Certificate lifetime, a Go duration in hours such as 2160h. */
    duration: z
      .string()
      .regex(/^\d+h$/, "must be whole hours such as 2160h")
      .default("2160h"),
    renewBefore: z
      .string()
      .regex(/^\d+h$/, "must be whole hours such as 360h")
      .default("360h"),
  }),
  /**
   * Existing `kubernetes.io/tls` Secrets in the stack's namespace, one per
   * role, each with `tls.crt`, `tls.key` and `ca.crt` (Kubernetes only).
   */
  z.strictObject({
    mode: z.literal("provided"),
    /** Secret name by role: the stack's roles and `postgres-exporter-<name>`/`redis-exporter-<name>`. */
    secrets: z.record(text("prometheus"), objectName),
  }),
]);
export type TlsSettings = z.infer<typeof tls>;

const oidc = z.strictObject({
  /** Issuer base URL, e.g. https://login.example.com/realms/ops. */
  issuerUrl: httpUrl,
  authUrl: httpUrl,
  tokenUrl: httpUrl,
  apiUrl: httpUrl,
  clientId: text("observability"),
  /** Config key of the OAuth client secret. */
  clientSecretSecret: secretKeyName,
  scopes: z.array(text("openid")).default(["openid", "profile", "email"]),
});

export const auth = z.strictObject({
  /**
   * Basic auth on Prometheus, Alertmanager and the exporters, through their
   * web config (bcrypt hashes); every client in the stack sends it.
   */
  basicAuth: z.strictObject({
    enabled: z.boolean(),
    username: z.string().regex(/^[A-Za-z0-9._-]+$/, "must be letters, digits, '.', '_' or '-', such as prometheus"),
    /** Config key of the password; generated once and kept in state when absent. */
    passwordSecret: secretKeyName,
  }),
  /** Generic OAuth / OIDC login for Grafana (PKCE on). */
  grafanaOidc: oidc
    .extend({
      /** JMESPath mapping claims to Admin/Editor/Viewer, e.g. contains(groups[*], 'ops') && 'Admin' || 'Viewer'. */
      roleAttributePath: text("contains(groups[*], 'ops') && 'Admin' || 'Viewer'").optional(),
      /** Keep the login form for the admin user as a break-glass path. */
      disableLoginForm: z.boolean().default(false),
    })
    .optional(),
  /** oauth2-proxy in front of the Jaeger UI, which has no auth of its own. */
  jaegerProxy: oidc
    .extend({
      /** Config key of the 32-byte cookie secret; generated once when absent. */
      cookieSecretSecret: secretKeyName.default("jaegerProxyCookieSecret"),
      /** Email domains allowed in; `*` for any authenticated user. */
      emailDomains: z.array(text("example.com")).min(1),
    })
    .optional(),
});
export type AuthSettings = z.infer<typeof auth>;

/**
 * TLS and auth defaults in one environment: shared environments encrypt
 * every hop and require credentials from day one; the CA is made by the
 * stack, so there is nothing to set up first (see profiles.ts).
 */
export function securityDefaults(environment: Environment) {
  const onKubernetes = runsOnKubernetes(environment);
  return {
    tls: onKubernetes ? { mode: "selfSigned" } : { mode: "none" },
    auth: {
      basicAuth: { enabled: onKubernetes, username: "observability", passwordSecret: "webBasicAuthPassword" },
    },
  };
}
