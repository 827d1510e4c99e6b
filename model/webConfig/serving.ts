import type { StackSettings } from "../../settings/schema";
import { stringify } from "yaml";
import { secretToken } from "../secrets";
import { tlsDelivery, tlsEnabled } from "../tls";
import type { FileSpec, Workload } from "../workload";
import { requiresBasicAuth, webConfig } from "./document";
import { webConfigPaths } from "./paths";
import { webConfigFlag, type WebServerRole } from "./roles";

/** What a server role gains from the stack's TLS and auth settings, ready to spread into its workload. */
export interface WebServing {
  /** `https` when the role serves TLS. */
  readonly scheme: "http" | "https";
  /** Whether every request, probes included, must carry the stack's basic-auth credentials. */
  readonly basicAuth: boolean;
  /** The flag naming the web config file; empty when there is none. */
  readonly args: string[];
  /** The web config, the probes' password file and the TLS files, as the workload ships them. */
  readonly files: FileSpec[];
  /** The certificate Secret to mount (certManager, provided). */
  readonly tlsSecret?: Workload["tlsSecret"];
}

/**
 * The web config of a role and everything around it. With basic auth on,
 * the web config directory also holds the password as a raw secret file:
 * the role's own exec probes read it (they must authenticate, see
 * `securedHealth`), and on Prometheus every scrape and alert delivery sends
 * it (`password_file`), so no credential appears in an argument or a
 * ConfigMap. Nothing at all when neither TLS nor basic auth is on.
 */
export function webServing(settings: Pick<StackSettings, "tls" | "auth">, role: WebServerRole): WebServing {
  const document = webConfig(settings, role);
  const basicAuth = requiresBasicAuth(settings, role);
  const scheme = tlsEnabled(settings) ? "https" : "http";
  if (document === undefined) return { scheme, basicAuth, args: [], files: [] };
  const paths = webConfigPaths(role);
  const files: FileSpec[] = [
    { path: paths.config, content: stringify(document, { lineWidth: 0 }), secretEscaping: "yaml" },
  ];
  if (basicAuth) {
    files.push({
      path: paths.password,
      content: secretToken(settings.auth.basicAuth.passwordSecret),
      secretEscaping: "raw",
    });
  }
  const delivery = tlsDelivery(settings, role);
  files.push(...delivery.files);
  return {
    scheme,
    basicAuth,
    args: [`${webConfigFlag(role)}=${paths.config}`],
    files,
    ...(delivery.tlsSecret !== undefined ? { tlsSecret: delivery.tlsSecret } : {}),
  };
}
