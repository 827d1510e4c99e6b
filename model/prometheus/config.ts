import type { ResolvedSettings } from "../../settings/validate";
import { alertingSection, externalLabels } from "./alerting";
import { prometheusPaths } from "./paths";
import { remoteWriteEntry } from "./remoteWrite";
import { scrapeConfigs } from "./scrapeConfigs";

/**
 * The prometheus.yml document. It holds no secret: remote-write credentials
 * are files beside it (see `remoteWrite.ts`), so it can be reviewed in a
 * rendered diff and shipped as a ConfigMap.
 */
export function prometheusConfig(settings: ResolvedSettings): Record<string, unknown> {
  const global: Record<string, unknown> = {
    scrape_interval: settings.prometheus.scrapeInterval,
    scrape_timeout: settings.prometheus.scrapeTimeout,
    evaluation_interval: settings.prometheus.evaluationInterval,
  };
  const labels = externalLabels(settings);
  if (Object.keys(labels).length > 0) global["external_labels"] = labels;

  const config: Record<string, unknown> = {
    global,
    rule_files: [`${prometheusPaths.rulesDir}/*.yml`],
    alerting: alertingSection(settings),
  };
  if (settings.prometheus.remoteWrite.length > 0) {
    config["remote_write"] = settings.prometheus.remoteWrite.map(remoteWriteEntry);
  }
  config["scrape_configs"] = scrapeConfigs(settings);
  return config;
}
