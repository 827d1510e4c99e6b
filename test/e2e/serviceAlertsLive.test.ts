import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { alertmanagerWorkload } from "../../model/alertmanager";
import { alertmanagerPaths } from "../../model/alertmanager/paths";
import { prometheusConfig } from "../../model/prometheus";
import { ruleFiles } from "../../model/prometheus/ruleFiles";
import { fillSecrets } from "../../model/secrets";
import { settingsWith } from "../../scripts/underMocks/stacks";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";
import { upstreamTool } from "../helpers/upstream";
import { WebhookServer } from "../helpers/webhookServer";
import { freePort, startServer, stopServer, waitFor, type RunningServer } from "./processes";

// A team's service as the stack file gives it (labels, a status label
// `code`, an availability SLO, a route on its team), run by Debian's
// Prometheus and Alertmanager on 127.0.0.1 with the pieces the stack
// generates: the service's scrape job, the alert relabelling, the SLO rule
// file and alertmanager.yml. An application in this process serves the
// metrics. It shows, live, what the unit tests can only read: `code` copied
// into `status` at scrape time, the SLI at 0 (not absent) while the service
// has had no 5xx at all, and an alert that aggregates the team label away
// still reaching the team's receiver.

const minutes = 60_000;

const settings = settingsWith("dev", {
  services: [
    {
      name: "inventory-api",
      targets: ["inventory-api:8080"],
      labels: { team: "inventory" },
      metrics: { statusLabel: "code" },
      slos: [{ type: "availability", objective: 99.5 }],
    },
  ],
  alerting: {
    receivers: [{ name: "null" }, { name: "inventory", webhook: { urlSecret: "inventoryHookUrl" } }],
    routes: [{ receiver: "inventory", matchers: ['team="inventory"'] }],
    defaultReceiver: "null",
    groupWait: "1s",
    groupInterval: "5s",
  },
});

/** The application: a request counter by `code`, each scrape adding a batch of requests (and errors once failing). */
class Application {
  private ok = 0;
  private errors = 0;
  failing = false;
  private readonly server = http.createServer((_request, response) => {
    this.ok += 1000;
    if (this.failing) this.errors += 100;
    const lines = [
      "# HELP http_requests_total Requests answered, by status code.",
      "# TYPE http_requests_total counter",
      `http_requests_total{code="200"} ${this.ok}`,
      // A client library exports no 5xx series before the first 5xx.
      ...(this.errors > 0 ? [`http_requests_total{code="500"} ${this.errors}`] : []),
    ];
    response.writeHead(200, { "Content-Type": "text/plain; version=0.0.4" }).end(`${lines.join("\n")}\n`);
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", () => resolve()));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe("a service's labels, status label and SLO on Debian's Prometheus and Alertmanager", () => {
  let root: string;
  const servers: RunningServer[] = [];
  const app = new Application();
  let webhook: WebhookServer;
  let prometheusUrl = "";

  const query = async (expr: string) => {
    const response = await fetch(`${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: expr }).toString()}`);
    const body = (await response.json()) as {
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    return body.data.result;
  };

  beforeAll(async () => {
    root = makeTempDir("service-alerts");
    webhook = await WebhookServer.start("127.0.0.1");
    const appAddress = await app.start();

    const alertmanagerPort = await freePort();
    const amFile = alertmanagerWorkload(settings).files.find((file) => file.path === alertmanagerPaths.config);
    if (amFile === undefined) throw new Error("no alertmanager.yml");
    fs.writeFileSync(path.join(root, "alertmanager.yml"), fillSecrets(amFile, { inventoryHookUrl: webhook.url }));
    const alertmanager = startServer("alertmanager", "/usr/bin/prometheus-alertmanager", [
      `--config.file=${path.join(root, "alertmanager.yml")}`,
      `--storage.path=${path.join(root, "am-data")}`,
      `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
      "--cluster.listen-address=",
    ]);
    servers.push(alertmanager);

    // The generated SLO rules, and a rule that reads `status` and aggregates the team away.
    const rules = ruleFiles(settings)
      .filter((file) => path.basename(file.path).startsWith("slo-service-inventory-api"))
      .map((file) => {
        const target = path.join(root, path.basename(file.path));
        fs.writeFileSync(target, fillSecrets(file, {}));
        return target;
      });
    const errorsRule = path.join(root, "errors.rules.yml");
    fs.writeFileSync(
      errorsRule,
      stringify({
        groups: [
          {
            name: "errors",
            rules: [
              {
                alert: "InventoryErrors",
                expr: 'sum by (service) (rate(http_requests_total{status=~"5.."}[20s])) > 0',
                labels: { severity: "critical" },
              },
            ],
          },
        ],
      }),
    );
    const generated = prometheusConfig(settings) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
      alerting: { alert_relabel_configs: unknown[] };
    };
    const job = generated.scrape_configs.find((each) => each.job_name === "inventory-api");
    if (job === undefined) throw new Error("no inventory-api job");
    const prometheusPort = await freePort();
    fs.writeFileSync(
      path.join(root, "prometheus.yml"),
      stringify({
        global: { scrape_interval: "1s", evaluation_interval: "1s" },
        rule_files: [...rules, errorsRule],
        scrape_configs: [
          { ...job, static_configs: job.static_configs.map((each) => ({ ...each, targets: [appAddress] })) },
        ],
        alerting: {
          alert_relabel_configs: generated.alerting.alert_relabel_configs,
          alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${alertmanagerPort}`] }] }],
        },
      }),
    );
    const prometheus = startServer("prometheus", path.join(path.dirname(upstreamTool("promtool")), "prometheus"), [
      `--config.file=${path.join(root, "prometheus.yml")}`,
      `--storage.tsdb.path=${path.join(root, "data")}`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
    ]);
    servers.push(prometheus);
    prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
    await waitFor(
      async () => ((await query('up{job="inventory-api"}'))[0]?.value[1] === "1" ? true : undefined),
      minutes,
      () => prometheus.log(),
    );
  }, 2 * minutes);

  afterAll(async () => {
    for (const server of servers) await stopServer(server);
    await webhook?.stop();
    await app.stop();
    removeTempDir(root);
  });

  it("stores the service's `code` as `status` too, beside the service's labels", async () => {
    const series = await query("http_requests_total");
    expect(series.map((each) => each.metric)).toEqual([
      expect.objectContaining({ code: "200", status: "200", service: "inventory-api", team: "inventory" }),
    ]);
  });

  it("records the availability SLI as 0, not as nothing, while the service has had no 5xx", async () => {
    const sli = await waitFor(
      async () => {
        const result = await query('slo:sli_error:ratio_rate5m{sloth_id="inventory-api-availability"}');
        return result.length > 0 ? result : undefined;
      },
      minutes,
      () => servers.map((server) => server.log()).join("\n"),
    );
    expect(sli.map((each) => each.value[1])).toEqual(["0"]);
  });

  it(
    "delivers an alert that aggregates the team away to the team's receiver, with the team label back",
    async () => {
      app.failing = true;
      const notification = await webhook.waitFor(
        (each) => each.payload.alerts.some((alert) => alert.labels["alertname"] === "InventoryErrors"),
        2 * minutes,
      );
      expect(notification?.payload.receiver).toBe("inventory");
      const alert = notification?.payload.alerts.find((each) => each.labels["alertname"] === "InventoryErrors");
      expect(alert?.labels).toEqual({
        alertname: "InventoryErrors",
        service: "inventory-api",
        severity: "critical",
        team: "inventory",
      });
      // And the SLI now counts the errors: 100 of every 1,100 requests.
      const sli = await query('slo:sli_error:ratio_rate5m{sloth_id="inventory-api-availability"}');
      expect(Number(sli[0]?.value[1])).toBeGreaterThan(0);
    },
    3 * minutes,
  );
});
