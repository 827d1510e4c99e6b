import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertmanagerWorkload } from "../../model/alertmanager";
import { alertmanagerPaths } from "../../model/alertmanager/paths";
import { outputLabels, type LabelSet } from "../../model/routing/outputLabels";
import { alertRoutesReport, unreachableRoutes } from "../../model/routing/reach";
import { fillSecrets } from "../../model/secrets";
import { checkStack } from "../../model/stack/settings";
import { rawConfigFromStackFile } from "../../settings/fromStackFile";
import { mergeOverProfile } from "../../settings/validate";
import { settingsWith, stackNames, stackSettings, testSecretValues } from "../../scripts/underMocks/stacks";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";
import { deployedAmtool, runBinary, upstreamTool } from "../helpers/upstream";

/** Labels of a metric for the analysis tests: a closed set per name. */
const catalog: Record<string, string[]> = {
  http_requests_total: ["service", "status", "instance"],
  http_request_duration_seconds_bucket: ["service", "le", "instance"],
  info: ["service", "team"],
};
const selectorLabels = (metric: string | undefined): LabelSet =>
  metric !== undefined && metric in catalog
    ? { names: new Set(catalog[metric]), open: false }
    : { names: new Set(), open: true };
const labelsOf = (expr: string): string => {
  const result = outputLabels(expr, selectorLabels);
  return [...result.names].sort().join(",") + (result.open ? " +open" : "");
};

describe("the labels of an expression's result", () => {
  it.each([
    ["rate(http_requests_total[5m])", "instance,service,status"],
    ['sum by (service) (rate(http_requests_total{status=~"5.."}[5m])) > 0.05', "service"],
    ["sum(rate(http_requests_total[5m]))", ""],
    ["max without (instance) (http_requests_total)", "service,status"],
    ["histogram_quantile(0.99, sum by (service, le) (rate(http_request_duration_seconds_bucket[5m])))", "service"],
    ["http_requests_total / on (service) group_left (team) info", "instance,service,status,team"],
    ["http_requests_total > on (service) info", "service"],
    ["http_requests_total and ignoring (instance) info", "instance,service,status"],
    ["sum by (service) (http_requests_total) or sum by (team) (info)", "service,team"],
    ['label_replace(info, "owner", "$1", "team", "(.*)")', "owner,service,team"],
    ['absent(http_requests_total{service="api", status=~"5.."})', "service"],
    ["topk by (service) (3, http_requests_total)", "instance,service,status"],
    ["vector(1)", ""],
    ["unknown_metric > 1", " +open"],
  ])("%s → %s", (expr, expected) => {
    expect(labelsOf(expr)).toBe(expected);
  });
});

/** The how-to's service, receiver and a route on `matchers`, over a committed stack file (Docker: dev; Kubernetes: prod). */
function teamRouteOverrides(matchers: string[]): Record<string, unknown> {
  const committed = rawConfigFromStackFile("prod").values["alerting"] as { receivers: unknown[]; routes: unknown[] };
  const [pager, ...rest] = committed.routes;
  return {
    services: [
      {
        name: "inventory-api",
        targets: ["inventory-api:8080"],
        healthUrl: "http://inventory-api:8080/health",
        labels: { team: "inventory" },
        slos: [{ type: "availability", objective: 99.5 }],
      },
    ],
    packs: ["red"],
    alerting: {
      ...committed,
      receivers: [...committed.receivers, { name: "inventory", webhook: { urlSecret: "inventoryUrl" } }],
      routes: [pager, { receiver: "inventory", matchers }, ...rest],
    },
  };
}

/** The problems of a stack file with the team's route, as `pulumi up` would list them. */
function teamRouteProblems(stack: "dev" | "prod", matchers: string[]): string[] {
  const raw = rawConfigFromStackFile(stack);
  const values = mergeOverProfile(raw.values, teamRouteOverrides(matchers)) as Record<string, unknown>;
  return checkStack({ ...raw, values }, { assumeSecrets: true }).problems.map((problem) => problem.message);
}

describe("routes no alert of the stack can match", () => {
  it.each(stackNames)("are none in the committed %s stack", (stack) => {
    expect(unreachableRoutes(stackSettings(stack))).toEqual([]);
  });

  it("names a route on a severity no rule sets, with the values that exist, before anything is created", () => {
    const raw = rawConfigFromStackFile("prod");
    const alerting = raw.values["alerting"] as { routes: { receiver: string; matchers: string[] }[] };
    const { problems } = checkStack(
      {
        ...raw,
        values: {
          ...raw.values,
          alerting: {
            ...alerting,
            routes: [...alerting.routes, { receiver: "team-slack", matchers: ['severity="crit"'] }],
          },
        },
      },
      { assumeSecrets: true },
    );
    expect(problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
      "observability:alerting.routes[3]: no alert this stack raises can match this route (receiver team-slack); " +
        'severity="crit": the alerts that carry severity set it to critical, info, warning. ' +
        "`npm run render` lists each alert's labels and receivers in alertmanager/alert-routes.txt",
    ]);
  });

  it("names a label no alert carries, and on Docker a service the stack does not scrape", () => {
    const messages = teamRouteProblems;
    expect(messages("prod", ['tier="gold"'])[0]).toContain(
      'tier="gold": no alert of this stack carries the label tier',
    );
    expect(messages("dev", ['service="inventory-apii"'])[0]).toContain(
      'service="inventory-apii": the alerts that carry service set it to inventory-api',
    );
    // On Kubernetes pods found by discovery name their own service: any value may come.
    expect(messages("prod", ['service="inventory-apii"'])).toEqual([]);
    expect(messages("prod", ['service="inventory-api"', 'severity="critical"'])).toEqual([]);
    expect(messages("prod", ['team="inventory"'])).toEqual([]);
  });
});

describe("the receivers each alert reaches (alertmanager/alert-routes.txt)", () => {
  const settings = settingsWith("prod", teamRouteOverrides(['service="inventory-api"']));
  const report = alertRoutesReport(settings);
  const lines = report.split("\n").filter((line) => line !== "" && !line.startsWith("#"));

  it("sends the service's SLO page, its probe's and its RED alerts to the pager and the team", () => {
    expect(lines).toContain(
      "InventoryApiAvailabilityBudgetBurn  service=inventory-api severity=critical sloth_severity=page team=inventory  → pager, inventory",
    );
    expect(lines).toContain(
      "HealthCheckFailing  pack=probes service=inventory-api severity=critical team=inventory  → pager, inventory",
    );
    expect(lines).toContain("HealthCheckFailing  pack=probes severity=critical  → pager, team-slack");
    expect(lines).toContain(
      "ServiceErrorRateHigh  pack=red service=inventory-api severity=warning team=inventory  → inventory",
    );
  });

  let root: string;
  let configFile: string;
  beforeAll(() => {
    root = makeTempDir("alert-routes");
    const file = alertmanagerWorkload(settings).files.find((spec) => spec.path === alertmanagerPaths.config);
    if (file === undefined) throw new Error("no alertmanager.yml");
    configFile = path.join(root, "alertmanager.yml");
    fs.writeFileSync(configFile, fillSecrets(file, testSecretValues(settings)));
  });
  afterAll(() => removeTempDir(root));

  const amtools: [string, string][] = [["Debian's amtool", upstreamTool("amtool")]];
  const amtoolV028 = deployedAmtool();
  if (amtoolV028 !== undefined) amtools.push(["amtool 0.28", amtoolV028]);

  it.each(amtools)("agrees, line by line, with %s config routes test", (_, amtool) => {
    const disagreements: string[] = [];
    for (const line of lines) {
      const [alert, labels, receivers] = line.split(/ {2}(?:→ )?/);
      const args = [`alertname=${alert ?? ""}`, ...(labels ?? "").split(" ").filter((label) => label !== "")];
      const result = runBinary(amtool, ["config", "routes", "test", `--config.file=${configFile}`, ...args]);
      if (result.status !== 0) throw new Error(result.transcript);
      const actual = result.stdout.trim().split(",").join(", ");
      if (actual !== receivers) disagreements.push(`${line}: amtool says ${actual}`);
    }
    expect(disagreements).toEqual([]);
    expect(lines.length).toBeGreaterThan(60);
  });
});
