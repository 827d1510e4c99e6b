/** oauth2-proxy in front of the Jaeger UI (Kubernetes, `auth.jaegerProxy`). */
export { jaegerProxyArgs, jaegerProxyPorts, jaegerProxySecretPaths } from "./args";
export { jaegerProxyRole, jaegerProxySettings } from "./settings";
export { jaegerProxyWorkload } from "./workload";
