/**
 * Web configs: TLS, security headers and basic auth of the servers built
 * on the Prometheus exporter-toolkit (`--web.config.file`), the files that
 * come with them, and the health checks that still get through.
 */
export { requiresBasicAuth, webConfig } from "./document";
export { securedHealth, type PortNumbers } from "./health";
export { webConfigPaths } from "./paths";
export { basicAuthCapable, isWebServerRole, webConfigFlag, webServerRoles, type WebServerRole } from "./roles";
export { webServing, type WebServing } from "./serving";
