import { exporterResources } from "../../settings/profiles";
import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles } from "../addresses";
import type { Workload } from "../workload";
import { blackboxConfigYaml } from "./blackboxConfig";
import { httpHealth, nobody } from "./health";

/** Where the exporter reads its module definitions. */
export const blackboxConfigPath = "/etc/blackbox-exporter/blackbox.yml";

/** The blackbox exporter: probes services' health URLs and ports for Prometheus. */
export function blackboxWorkload(settings: ResolvedSettings): Workload {
  return {
    role: roles.blackbox,
    kind: "stateless",
    image: settings.versions.blackboxExporter ?? defaultImages.blackboxExporter,
    args: [`--config.file=${blackboxConfigPath}`, `--web.listen-address=:${ports.blackbox}`],
    env: {},
    files: [{ path: blackboxConfigPath, content: blackboxConfigYaml(), secretEscaping: "yaml" }],
    ports: [{ name: "http", port: ports.blackbox }],
    scratchPaths: [],
    health: httpHealth("/-/healthy", { name: "http", number: ports.blackbox }, "wget"),
    resources: exporterResources,
    replicas: 1,
    user: nobody,
    allowFrom: [{ ports: ["http"], from: [roles.prometheus] }],
  };
}
