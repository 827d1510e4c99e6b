import { exporterResources } from "../../settings/profiles";
import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles } from "../addresses";
import { securedHealth, webServing } from "../webConfig";
import type { Workload } from "../workload";
import { blackboxConfigYaml } from "./blackboxConfig";
import { httpHealth } from "../probes";
import { nobody } from "./users";

/** Where the exporter reads its module definitions. */
export const blackboxConfigPath = "/etc/blackbox-exporter/blackbox.yml";

/**
 * The blackbox exporter: probes services' health URLs and ports for
 * Prometheus. With TLS or basic auth on it serves both through its web
 * config (the probes it makes to other services are unaffected).
 */
export function blackboxWorkload(settings: ResolvedSettings): Workload {
  const serving = webServing(settings, "blackbox-exporter");
  return {
    role: roles.blackbox,
    kind: "stateless",
    image: settings.versions.blackboxExporter ?? defaultImages.blackboxExporter,
    args: [`--config.file=${blackboxConfigPath}`, `--web.listen-address=:${ports.blackbox}`, ...serving.args],
    env: {},
    files: [
      { path: blackboxConfigPath, content: blackboxConfigYaml(settings), secretEscaping: "yaml" },
      ...serving.files,
    ],
    ...(serving.tlsSecret !== undefined ? { tlsSecret: serving.tlsSecret } : {}),
    ports: [{ name: "http", port: ports.blackbox }],
    scratchPaths: [],
    health: securedHealth(
      httpHealth("/-/healthy", { name: "http", number: ports.blackbox }, "wget"),
      serving,
      settings,
      roles.blackbox,
      { http: ports.blackbox },
      "wget",
    ),
    resources: exporterResources,
    replicas: 1,
    user: nobody,
    allowFrom: [{ ports: ["http"], from: [roles.prometheus] }],
  };
}
