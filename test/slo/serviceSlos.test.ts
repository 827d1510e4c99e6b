import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { alertmanagerWorkload } from "../../model/alertmanager";
import { alertmanagerPaths } from "../../model/alertmanager/paths";
import { dashboardFolders, servicesFolder } from "../../model/grafana/dashboards";
import { packCatalog } from "../../model/packs";
import { prometheusConfig } from "../../model/prometheus";
import { ruleFiles } from "../../model/prometheus/ruleFiles";
import { fillSecrets } from "../../model/secrets";
import { sloRuleGroups, type AlertingRule } from "../../model/slo/rules";
import { serviceSloSpecs, shorthandAlertName } from "../../model/slo/serviceSlos";
import { checkStack } from "../../model/stack/settings";
import { rawConfigFromStackFile } from "../../settings/fromStackFile";
import { settingsWith, testSecretValues } from "../../scripts/underMocks/stacks";
import { scaleSettings } from "../../scripts/underMocks/scaleStack";
import { expandedAnnotations } from "../helpers/alertTemplates";
import { alertingWithTeamRoute, inventoryService } from "../helpers/howToService";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";
import { deployedAmtool, deployedPromtool, runBinary, upstreamTool } from "../helpers/upstream";

// A team's service given its SLOs and its own route in the stack file alone:
// the entry, a receiver and a route, as docs/how-to/add-a-service-with-an-slo.md
// writes them. The rules are checked and driven by promtool, the route by amtool.

const settings = settingsWith("prod", { services: [inventoryService], alerting: alertingWithTeamRoute() });
const [service] = settings.services;
if (service === undefined) throw new Error("the settings lost the service");
const [spec] = serviceSloSpecs(service);
if (spec === undefined) throw new Error("the service's shorthands gave no spec");
const alerts = sloRuleGroups(spec)
  .flatMap((group) => group.rules)
  .filter((rule): rule is AlertingRule => "alert" in rule);
const page = alerts.find(
  (rule) =>
    rule.alert === shorthandAlertName("inventory-api", "availability") && rule.labels["severity"] === "critical",
);

let root: string;
beforeAll(() => {
  root = makeTempDir("service-slos");
});
afterAll(() => removeTempDir(root));

/** Debian's promtool 2.42 always; the deployed 3.5 when built (always under `npm test`). */
const promtools: [string, string][] = [["promtool 2.42", upstreamTool("promtool")]];
const promtoolV3 = deployedPromtool();
if (promtoolV3 !== undefined) promtools.push(["promtool 3.5", promtoolV3]);

describe("a service's SLOs from the stack file", () => {
  it("become one spec of the service, its SLIs read from the service's own metrics and status label", () => {
    expect(spec.service).toBe("inventory-api");
    expect(spec.labels).toEqual({ team: "inventory" });
    const [availability, latency] = spec.slos;
    expect(availability?.sli.events?.error_query).toBe(
      'sum(rate(http_requests_total{service="inventory-api", code=~"5.."}[{{.window}}]))',
    );
    expect(availability?.slo_period).toBe("30d");
    expect(latency?.sli.events?.error_query).toContain(
      'http_request_duration_seconds_bucket{service="inventory-api", le="0.5"}',
    );
    expect(latency?.slo_period).toBe("7d");
    expect(alerts.map((rule) => [rule.alert, rule.labels["severity"]])).toEqual([
      ["InventoryApiAvailabilityBudgetBurn", "critical"],
      ["InventoryApiAvailabilityBudgetBurn", "warning"],
      ["InventoryApiLatencyBudgetBurn", "critical"],
      ["InventoryApiLatencyBudgetBurn", "warning"],
    ]);
    for (const rule of alerts) expect(rule.labels).toMatchObject({ service: "inventory-api", team: "inventory" });
  });

  it("are deployed as a rule file and an SLO dashboard of the services folder", () => {
    const files = ruleFiles(settings).map((file) => path.basename(file.path));
    expect(files).toContain("slo-service-inventory-api-inventory-api-0.rules.yml");
    const folder = dashboardFolders(settings).find((each) => each.pack === servicesFolder);
    expect(folder?.dashboards.map((dashboard) => dashboard.uid)).toEqual(["slo-inventory-api"]);
    expect(packCatalog.map((pack) => pack.name)).not.toContain(servicesFolder);
  });

  it("copy the service's status label into `status` for the red pack, and its labels onto every alert about it", () => {
    const config = prometheusConfig(settings) as {
      scrape_configs: { job_name: string; metric_relabel_configs?: unknown[] }[];
      alerting: { alert_relabel_configs: unknown[] };
    };
    expect(config.scrape_configs.find((job) => job.job_name === "inventory-api")?.metric_relabel_configs).toEqual([
      {
        source_labels: ["__name__", "code"],
        regex: "http_requests_total;(.+)",
        target_label: "status",
        replacement: "$1",
      },
    ]);
    expect(config.alerting.alert_relabel_configs).toContainEqual({
      source_labels: ["service"],
      regex: "inventory-api",
      target_label: "team",
      replacement: "inventory",
    });
  });

  it("refuse a second availability SLO and a spec file that is missing, naming the keys", () => {
    const raw = rawConfigFromStackFile("prod");
    const { problems } = checkStack(
      {
        ...raw,
        values: {
          ...raw.values,
          services: [
            {
              ...inventoryService,
              slos: [
                { type: "availability", objective: 99.5 },
                { type: "spec", file: "slos/inventory/missing.yml" },
                { type: "availability", objective: 99 },
              ],
            },
          ],
        },
      },
      { assumeSecrets: true },
    );
    const lines = problems.map((problem) => `${problem.path}: ${problem.message}`);
    expect(lines).toContain(
      "observability:services[0].slos[2].type: repeats slos[0]: one availability SLO per service; write a second objective as a spec file (type: spec)",
    );
    expect(lines).toContain(
      "slos/inventory/missing.yml:(file): is missing; the stack file names it in services[].slos (the spec observability:services[0].slos[1].file names)",
    );
  });
});

describe.each(promtools)("%s on the service's SLO rules", (_, promtool) => {
  it("check rules accepts every rule file the stack deploys", () => {
    const written = ruleFiles(settings).map((file) => {
      const target = path.join(root, path.basename(file.path));
      fs.writeFileSync(target, fillSecrets(file, {}));
      return target;
    });
    const result = runBinary(promtool, ["check", "rules", ...written]);
    expect(result.status, result.transcript).toBe(0);
  });

  it("pages with the service's name and team when its 5xx (label `code`) burn the availability budget", () => {
    if (page === undefined) throw new Error("no page alert");
    const ruleFile = path.join(root, "inventory.rules.yml");
    const file = ruleFiles(settings).find((each) =>
      each.path.endsWith("slo-service-inventory-api-inventory-api-0.rules.yml"),
    );
    fs.writeFileSync(ruleFile, fillSecrets(file ?? { path: "", content: "", secretEscaping: "yaml" }, {}));
    // 6h at 20 times the budget: 10% errors against a 0.5% budget.
    const requests = 100_000;
    const errors = 10_000;
    const test = path.join(root, "inventory.test.yml");
    fs.writeFileSync(
      test,
      stringify(
        {
          rule_files: [ruleFile],
          evaluation_interval: "1m",
          tests: [
            {
              name: "availability burn",
              interval: "1m",
              input_series: [
                {
                  series: 'http_requests_total{service="inventory-api", team="inventory", code="500"}',
                  values: `0+${errors}x400`,
                },
                {
                  series: 'http_requests_total{service="inventory-api", team="inventory", code="200"}',
                  values: `0+${requests - errors}x400`,
                },
              ],
              alert_rule_test: [
                {
                  eval_time: "6h10m",
                  alertname: page.alert,
                  exp_alerts: alerts
                    .filter((rule) => rule.alert === page.alert)
                    .map((rule) => {
                      const labels = {
                        ...spec.labels,
                        sloth_id: "inventory-api-availability",
                        sloth_service: "inventory-api",
                        sloth_slo: "availability",
                        ...rule.labels,
                      };
                      return { exp_labels: labels, exp_annotations: expandedAnnotations(rule.annotations, labels) };
                    }),
                },
              ],
            },
          ],
        },
        { lineWidth: 0 },
      ),
    );
    const result = runBinary(promtool, ["test", "rules", test]);
    expect(result.status, result.transcript).toBe(0);
  });
});

describe("the team's route", () => {
  let configFile: string;
  beforeAll(() => {
    const file = alertmanagerWorkload(settings).files.find((spec) => spec.path === alertmanagerPaths.config);
    if (file === undefined) throw new Error("no alertmanager.yml");
    configFile = path.join(root, "alertmanager.yml");
    fs.writeFileSync(configFile, fillSecrets(file, testSecretValues(settings)));
  });

  const amtools: [string, string][] = [["Debian's amtool", upstreamTool("amtool")]];
  const amtoolV028 = deployedAmtool();
  if (amtoolV028 !== undefined) amtools.push(["amtool 0.28", amtoolV028]);

  it.each(amtools)("sends the SLO page to the pager and the team's receiver (%s)", (_, amtool) => {
    if (page === undefined) throw new Error("no page alert");
    // The page as Alertmanager receives it: the rule's labels, the SLO's identity and alertname.
    const labels = { ...page.labels, sloth_service: "inventory-api", sloth_slo: "availability", alertname: page.alert };
    const result = runBinary(amtool, [
      "config",
      "routes",
      "test",
      `--config.file=${configFile}`,
      ...Object.entries(labels).map(([name, value]) => `${name}=${value}`),
    ]);
    expect(result.status, result.transcript).toBe(0);
    expect(result.stdout.trim()).toBe("pager,inventory-slack");
    const check = runBinary(amtool, ["check-config", configFile]);
    expect(check.status, check.transcript).toBe(0);
  });
});

describe("a service's SLI recordings", () => {
  const [service] = scaleSettings("prod", 1, 2).services;
  const [spec] = service === undefined ? [] : serviceSloSpecs(service);
  if (spec === undefined) throw new Error("the scale stack's first service has no SLO spec");
  const recordings = sloRuleGroups(spec)
    .flatMap((group) => group.rules)
    .filter((rule): rule is { record: string; expr: string; labels: Record<string, string> } => "record" in rule)
    .filter((rule) => rule.record.startsWith("slo:sli_error:ratio_rate") && rule.labels["sloth_window"] !== "30d");

  it("count a 5-minute window without errors as 0, the one window the period's SLI averages", () => {
    const fiveMinutes = recordings.filter((rule) => rule.labels["sloth_window"] === "5m");
    expect(fiveMinutes.length).toBeGreaterThan(0);
    for (const rule of fiveMinutes) expect(rule.expr).toMatch(/\n {2}or\n {2}0 \* \(/);
  });

  it("divide the queries as Sloth does in every longer window, reading the total once (as cheap as Sloth's)", () => {
    const longer = recordings.filter((rule) => rule.labels["sloth_window"] !== "5m");
    expect(new Set(longer.map((rule) => rule.labels["sloth_window"]))).toEqual(
      new Set(["30m", "1h", "2h", "6h", "1d", "3d"]),
    );
    for (const rule of longer) expect(rule.expr, rule.labels["sloth_window"]).not.toContain("0 * (");
  });
});
