import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { freePort, startServer, waitFor, type RunningServer } from "../e2e/processes";
import { upstreamTool } from "./upstream";

/**
 * Starts Debian's Prometheus on 127.0.0.1, scraping itself, with one alert
 * `Example` of the given severity that always fires; resolves with its URL
 * once the alert fires and the target is up (what a promotion's health gate
 * reads). The server goes into `servers` for the caller to stop.
 */
export async function alertingPrometheus(dir: string, severity: string, servers: RunningServer[]): Promise<string> {
  const port = await freePort();
  fs.mkdirSync(dir, { recursive: true });
  const rules = path.join(dir, "rules.yml");
  fs.writeFileSync(
    rules,
    stringify({
      groups: [{ name: "t", interval: "1s", rules: [{ alert: "Example", expr: "vector(1)", labels: { severity } }] }],
    }),
  );
  fs.writeFileSync(
    path.join(dir, "prometheus.yml"),
    stringify({
      global: { scrape_interval: "1s", evaluation_interval: "1s" },
      rule_files: [rules],
      scrape_configs: [{ job_name: "self", static_configs: [{ targets: [`127.0.0.1:${port}`] }] }],
    }),
  );
  const server = startServer(
    `prometheus-${severity}`,
    path.join(path.dirname(upstreamTool("promtool")), "prometheus"),
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
  );
  servers.push(server);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      const alerts = (await (await fetch(`${url}/api/v1/alerts`)).json()) as { data: { alerts: { state: string }[] } };
      const targets = (await (await fetch(`${url}/api/v1/targets`)).json()) as {
        data: { activeTargets: { health: string }[] };
      };
      const firing = alerts.data.alerts.some((alert) => alert.state === "firing");
      return firing && targets.data.activeTargets[0]?.health === "up" ? true : undefined;
    },
    30_000,
    () => server.log(),
  );
  return url;
}
