import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { alertmanagerWorkload } from "../../model/alertmanager";
import { alertmanagerPaths } from "../../model/alertmanager/paths";
import { packCatalog, type Pack } from "../../model/packs";
import { fillSecrets } from "../../model/secrets";
import { settingsWith, testSecretValues } from "../../scripts/underMocks/stacks";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";
import { deployedAmtool, runBinary, runTool } from "../helpers/upstream";

const amtoolV028 = deployedAmtool();
const routedPacks = packCatalog.filter((pack) => pack.routes.length > 0);

function rolesOf(pack: Pack): string[] {
  return [...new Set(pack.routes.flatMap((route) => route.receivers))];
}

/** Labels an alert needs to match Alertmanager matchers: `a="x"` → a=x, `a=~"x|y"` → a=x. */
function labelsMatching(matchers: readonly string[]): string[] {
  return matchers.flatMap((matcher) => {
    const match = /^(\w+)\s*(=~|=)\s*"(.*)"$/.exec(matcher.trim());
    if (match === null) return [];
    const [, name, op, value] = match;
    return [`${name}=${op === "=~" ? value.split("|")[0].replace(/[.*+?^${}()\\[\]]/g, "") : value}`];
  });
}

let root: string;
beforeAll(() => {
  root = makeTempDir("pack-routing");
});
afterAll(() => removeTempDir(root));

describe.each(routedPacks.map((pack) => [pack.name, pack] as const))("routes of pack %s in prod", (name, pack) => {
  // One webhook receiver per role, named after it, so amtool shows which role an alert reached.
  const roles = rolesOf(pack);
  const settings = settingsWith("prod", {
    // With prod's own pack: its info route would otherwise be one no alert can match (a config error).
    packs: ["red", { name, receivers: Object.fromEntries(roles.map((role) => [role, `role-${role}`])) }],
    alerting: {
      receivers: [
        { name: "pager", pagerduty: { routingKeySecret: "pagerdutyRoutingKey" } },
        { name: "team-slack", slack: { webhookUrlSecret: "slackWebhookUrl", channel: "#alerts" } },
        {
          name: "team-email",
          email: { to: "ops@example.com", from: "am@example.com", smarthost: "smtp.example.com:587" },
        },
        { name: "null" },
        ...roles.map((role) => ({
          name: `role-${role}`,
          webhook: { urlSecret: `${role.replace(/\W+/g, "")}HookUrl` },
        })),
      ],
    },
  });
  let configFile: string;
  beforeAll(() => {
    const file = alertmanagerWorkload(settings).files.find((spec) => spec.path === alertmanagerPaths.config)!;
    configFile = path.join(root, `${name}.yml`);
    fs.writeFileSync(configFile, fillSecrets(file, testSecretValues(settings)));
  });

  it("passes amtool check-config (Debian's and 0.28)", () => {
    const check = runTool("amtool", ["check-config", configFile]);
    expect(check.status, check.transcript).toBe(0);
    if (amtoolV028 !== undefined) expect(runBinary(amtoolV028, ["check-config", configFile]).status).toBe(0);
  });

  it("sends the alert each pack route describes to that route's first receiver role", () => {
    const routes = (parse(fs.readFileSync(configFile, "utf8")) as { route: { routes: { matchers: string[] }[] } }).route
      .routes;
    expect(routes.filter((route) => route.matchers[0] === `pack="${name}"`).length).toBeGreaterThanOrEqual(
      pack.routes.length,
    );
    for (const route of pack.routes) {
      const result = runTool("amtool", [
        "config",
        "routes",
        "test",
        `--config.file=${configFile}`,
        `pack=${name}`,
        "alertname=Example",
        ...labelsMatching(route.matchers),
      ]);
      expect(result.status, result.transcript).toBe(0);
      expect(result.stdout.trim().split(","), `${route.matchers.join(", ")}: ${result.stdout}`).toContain(
        `role-${route.receivers[0]}`,
      );
    }
  });

  it("keeps its routes to its own alerts: another pack's critical alert takes the stack's routes", () => {
    const result = runTool("amtool", [
      "config",
      "routes",
      "test",
      `--config.file=${configFile}`,
      "--verify.receivers=pager,team-slack",
      "pack=some-other-pack",
      "alertname=Example",
      "severity=critical",
    ]);
    expect(result.status, result.transcript).toBe(0);
  });

  it("narrows its inhibit rules to its own alerts", () => {
    const config = parse(fs.readFileSync(configFile, "utf8")) as {
      inhibit_rules?: { source_matchers: string[]; target_matchers: string[] }[];
    };
    const own = (config.inhibit_rules ?? []).filter((rule) => rule.source_matchers.includes(`pack="${name}"`));
    expect(own.length).toBe(pack.inhibitions.length);
    for (const rule of own) expect(rule.target_matchers).toContain(`pack="${name}"`);
  });
});
