import { stringify } from "yaml";
import { prometheusServerHealth } from "../probes";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles, uiHost } from "../addresses";
import { uiUrl } from "../urls";
import { securedHealth, webServing } from "../webConfig";
import type { Workload } from "../workload";
import { prometheusConfig } from "./config";
import { prometheusImage } from "./image";
import { discoveryApiRules } from "./kubernetesApi";
import { prometheusPaths } from "./paths";
import { remoteWriteSecretFiles } from "./remoteWrite";
import { ruleFiles } from "./ruleFiles";
import { scrapeConfigs } from "./scrapeConfigs";
import { targetTraits } from "../targetTraits";

/** The image's `nobody` user: Prometheus needs no privileges. */
const nobody = { uid: 65534, gid: 65534 };

function args(settings: ResolvedSettings, webArgs: readonly string[]): string[] {
  // auto-reload-config: Prometheus reads prometheus.yml and its rule files
  // again when their content changes (checked every
  // --config.auto-reload-interval, 30 s by default), so a rule change is a
  // reload, not a restart. (`replica: ${POD_NAME}` needs no flag: 3.x, which
  // settings require, always expands external labels.)
  const features = ["exemplar-storage", "auto-reload-config"];
  return [
    `--config.file=${prometheusPaths.config}`,
    `--storage.tsdb.path=${prometheusPaths.data}`,
    `--storage.tsdb.retention.time=${settings.prometheus.retention.time}`,
    `--storage.tsdb.retention.size=${settings.prometheus.retention.size}`,
    `--enable-feature=${features.join(",")}`,
    // Lets an operator (or a test) ask for a reload at once: POST /-/reload.
    "--web.enable-lifecycle",
    `--web.external-url=${uiUrl(settings, "prometheus")}`,
    ...webArgs,
  ];
}

/**
 * Prometheus as a workload: prometheus.yml, the rule files of the enabled
 * packs and remote-write credential files, a TSDB volume per replica, and on
 * Kubernetes the read access its service discovery needs. With TLS or
 * basic auth on, its web config, certificate and password file (which its
 * probes and its own scrapes and alert deliveries read) come too.
 */
export function prometheusWorkload(settings: ResolvedSettings): Workload {
  const traits = targetTraits(settings);
  const serving = webServing(settings, "prometheus");
  const workload: Workload = {
    role: roles.prometheus,
    kind: "stateful",
    image: prometheusImage(settings),
    args: args(settings, serving.args),
    env: {},
    ...(traits.podNames ? { identityEnv: { POD_NAME: "name" } } : {}),
    files: [
      {
        path: prometheusPaths.config,
        content: stringify(prometheusConfig(settings), { lineWidth: 0 }),
        secretEscaping: "yaml",
        reloadsLive: true,
      },
      ...ruleFiles(settings).map((file) => ({ ...file, reloadsLive: true as const })),
      ...remoteWriteSecretFiles(settings.prometheus.remoteWrite),
      ...serving.files,
    ],
    ...(serving.tlsSecret !== undefined ? { tlsSecret: serving.tlsSecret } : {}),
    ports: [{ name: "http", port: ports.prometheus, protocol: "TCP", publishAs: "prometheus" }],
    dataVolume: { mountPath: prometheusPaths.data, size: settings.prometheus.storageSize },
    scratchPaths: [],
    health: securedHealth(
      prometheusServerHealth(ports.prometheus),
      serving,
      settings,
      roles.prometheus,
      { http: ports.prometheus },
      "wget",
    ),
    resources: settings.prometheus.resources,
    replicas: settings.prometheus.replicas,
    user: nobody,
    ui: { port: "http", host: uiHost(settings, "prometheus") },
    ...(traits.kubernetesApi ? { kubernetesApi: { rules: discoveryApiRules(scrapeConfigs(settings)) } } : {}),
    allowFrom: [
      // Grafana queries it, the Ingress serves its UI, and each replica scrapes the others.
      { ports: ["http"], from: [roles.grafana, "ingress", roles.prometheus] },
    ],
  };
  return workload;
}
