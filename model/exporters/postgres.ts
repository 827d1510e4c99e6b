import { exporterResources } from "../../settings/profiles";
import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles } from "../addresses";
import { secretToken } from "../secrets";
import { securedHealth, webServing } from "../webConfig";
import type { Workload } from "../workload";
import { httpHealth } from "../probes";
import { nobody } from "./users";

/** One monitored database, as `exporters.postgres` lists it. */
export type PostgresTarget = ResolvedSettings["exporters"]["postgres"][number];

/** Holds only the connection file, so it becomes one Kubernetes Secret. */
const secretsDir = "/etc/postgres-exporter/secrets";
const dataSourceFile = `${secretsDir}/data-source-uri`;

/**
 * postgres_exporter for one database. The connection comes from a secret
 * file through `DATA_SOURCE_URI_FILE`, the exporter's own file-based
 * setting (it has none for a whole `DATA_SOURCE_NAME`): it reads the file
 * and connects to `postgresql://` + its content, with no user or password of
 * its own. So the secret `dsnSecret` holds the connection URI *without the
 * scheme*, credentials as query parameters, which libpq and the Go driver
 * both honour:
 *   `db.example.com:5432/app?sslmode=require&user=exporter&password=…`
 * (percent-encode special characters in the password).
 */
export function postgresExporterWorkload(settings: ResolvedSettings, target: PostgresTarget): Workload {
  const role = roles.postgresExporter(target.name);
  // Serves TLS through its web config when the stack's TLS is on (no basic
  // auth: only Prometheus may connect, see model/webConfig/roles.ts).
  const serving = webServing(settings, role);
  return {
    role,
    kind: "stateless",
    image: settings.versions.postgresExporter ?? defaultImages.postgresExporter,
    args: [`--web.listen-address=:${ports.postgresExporter}`, ...serving.args],
    env: { DATA_SOURCE_URI_FILE: dataSourceFile },
    files: [{ path: dataSourceFile, content: secretToken(target.dsnSecret), secretEscaping: "raw" }, ...serving.files],
    ...(serving.tlsSecret !== undefined ? { tlsSecret: serving.tlsSecret } : {}),
    ports: [{ name: "metrics", port: ports.postgresExporter }],
    scratchPaths: [],
    // The landing page, not /metrics: a database outage must not restart the exporter.
    health: securedHealth(
      httpHealth("/", { name: "metrics", number: ports.postgresExporter }, "wget"),
      serving,
      settings,
      role,
      { metrics: ports.postgresExporter },
      "wget",
    ),
    resources: exporterResources,
    replicas: 1,
    user: nobody,
    allowFrom: [{ ports: ["metrics"], from: [roles.prometheus] }],
  };
}
