import { exporterResources } from "../../settings/profiles";
import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles } from "../addresses";
import { secretToken } from "../secrets";
import { tlsDelivery, tlsEnabled, tlsPaths } from "../tls";
import type { FileSpec, Workload } from "../workload";
import { httpHealth } from "../probes";

/** One monitored Redis, as `exporters.redis` lists it. */
export type RedisTarget = ResolvedSettings["exporters"]["redis"][number];

/** Holds only the password file, so it becomes one Kubernetes Secret. */
const secretsDir = "/etc/redis-exporter/secrets";
const passwordFile = `${secretsDir}/passwords.json`;

/** The user the image runs as. */
const redisExporterUser = { uid: 59000, gid: 59000 };

/**
 * The password file redis_exporter reads with `--redis.password-file`: a
 * JSON object from Redis URI to password. The password is written as a
 * secret token standing alone as a JSON value; filled with `yaml` escaping
 * it becomes a JSON string, whatever characters the password holds.
 */
export function redisPasswordFile(redisUri: string, passwordSecret: string): FileSpec {
  const token = secretToken(passwordSecret);
  // JSON.stringify quotes the token; the token must stand bare so filling quotes it once.
  const content = JSON.stringify({ [redisUri]: token }).replace(JSON.stringify(token), token);
  return { path: passwordFile, content, secretEscaping: "yaml" };
}

/** redis_exporter for one Redis instance; the password, if any, from a secret file. */
export function redisExporterWorkload(settings: ResolvedSettings, target: RedisTarget): Workload {
  // redis_exporter looks passwords up by the address with its scheme.
  const redisUri = `redis://${target.address}`;
  const files = target.passwordSecret !== undefined ? [redisPasswordFile(redisUri, target.passwordSecret)] : [];
  const role = roles.redisExporter(target.name);
  // redis_exporter serves TLS with flags of its own rather than a web config;
  // Go's default minimum for servers is TLS 1.2. No basic auth: the image has
  // no shell for probes to send it, and only Prometheus may connect.
  const tls = tlsDelivery(settings, role);
  const tlsArgs = tlsEnabled(settings)
    ? [`--tls-server-cert-file=${tlsPaths(role).cert}`, `--tls-server-key-file=${tlsPaths(role).key}`]
    : [];
  return {
    role,
    kind: "stateless",
    image: settings.versions.redisExporter ?? defaultImages.redisExporter,
    args: [
      `--redis.addr=${redisUri}`,
      `--web.listen-address=:${ports.redisExporter}`,
      ...(files.length > 0 ? [`--redis.password-file=${passwordFile}`] : []),
      ...tlsArgs,
    ],
    env: {},
    files: [...files, ...tls.files],
    ...(tls.tlsSecret !== undefined ? { tlsSecret: tls.tlsSecret } : {}),
    ports: [{ name: "metrics", port: ports.redisExporter }],
    scratchPaths: [],
    // The default image is built FROM scratch: no shell, no wget.
    health: httpHealth(
      "/health",
      { name: "metrics", number: ports.redisExporter },
      "none",
      tlsEnabled(settings) ? "HTTPS" : "HTTP",
    ),
    resources: exporterResources,
    replicas: 1,
    user: redisExporterUser,
    allowFrom: [{ ports: ["metrics"], from: [roles.prometheus] }],
  };
}
