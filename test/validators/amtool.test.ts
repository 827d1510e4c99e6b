import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { alertmanagerConfig, alertmanagerWorkload } from "../../model/alertmanager";
import { alertmanagerPaths } from "../../model/alertmanager/paths";
import { fillSecrets } from "../../model/secrets";
import type { ResolvedSettings } from "../../settings/validate";
import { stackSettings, testSecretValues, type StackName } from "../../scripts/underMocks/stacks";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";
import { deployedAmtool, runBinary, runTool } from "../helpers/upstream";

const amtoolV028 = deployedAmtool();

/**
 * Where each committed stack must send an alert of each severity, written
 * out by hand from the stack files (not computed from the model), in the
 * order amtool lists receivers.
 */
const expectedReceivers: Record<StackName, Record<"critical" | "warning" | "info", string>> = {
  dev: { critical: "null", warning: "null", info: "null" },
  staging: { critical: "team-slack", warning: "team-slack", info: "null" },
  prod: { critical: "pager,team-slack", warning: "team-slack", info: "team-email" },
};

let root: string;
beforeAll(() => {
  root = makeTempDir("amtool");
});
afterAll(() => removeTempDir(root));

/** alertmanager.yml of the settings with every secret filled with a test value. */
function writeConfig(name: string, settings: ResolvedSettings): string {
  const file = alertmanagerWorkload(settings).files.find((spec) => spec.path === alertmanagerPaths.config);
  if (file === undefined) throw new Error("alertmanager workload ships no alertmanager.yml");
  const target = path.join(root, `${name.replace(/\W+/g, "-")}.yml`);
  fs.writeFileSync(target, fillSecrets(file, testSecretValues(settings)));
  return target;
}

describe.each(Object.keys(expectedReceivers) as StackName[])("alertmanager.yml of %s", (stack) => {
  const settings = stackSettings(stack);
  let configFile: string;
  beforeAll(() => {
    configFile = writeConfig(stack, settings);
  });

  it("passes amtool check-config", () => {
    const result = runTool("amtool", ["check-config", configFile]);
    expect(result.status, result.transcript).toBe(0);
    expect(result.stdout).toContain("SUCCESS");
  });

  it.runIf(amtoolV028 !== undefined)("passes check-config of the deployed amtool 0.28 (AMTOOL_V0_28)", () => {
    const result = runBinary(amtoolV028 ?? "", ["check-config", configFile]);
    expect(result.status, result.transcript).toBe(0);
    expect(result.stdout).toContain("SUCCESS");
  });

  it.each(["critical", "warning", "info"] as const)("routes severity=%s as the stack file says", (severity) => {
    const result = runTool("amtool", [
      "config",
      "routes",
      "test",
      `--config.file=${configFile}`,
      `--verify.receivers=${expectedReceivers[stack][severity]}`,
      "alertname=Example",
      `severity=${severity}`,
    ]);
    expect(result.status, result.transcript).toBe(0);
  });
});

describe("alertmanager.yml with every kind of receiver", () => {
  const base = stackSettings("prod");
  const settings: ResolvedSettings = {
    ...base,
    alerting: {
      ...base.alerting,
      receivers: [
        ...base.alerting.receivers,
        { name: "hooks", webhook: { urlSecret: "hookUrl", sendResolved: false } },
        {
          name: "security",
          slack: { webhookUrlSecret: "securitySlackUrl" },
          email: { to: "sec@example.com", from: "am@example.com", smarthost: "smtp.example.com:25", requireTls: false },
          pagerduty: { routingKeySecret: "securityRoutingKey", severity: "critical" },
        },
      ],
      routes: [
        {
          receiver: "security",
          matchers: ['category="security"'],
          groupBy: ["alertname"],
          groupWait: "10s",
          groupInterval: "1m",
          repeatInterval: "30m",
          continue: false,
        },
        ...base.alerting.routes,
        { receiver: "hooks", matchers: ['team=~"db|api"'], continue: false },
      ],
    },
  };

  it("passes amtool check-config and routes the new matchers", () => {
    const configFile = writeConfig("all-receivers", settings);
    const check = runTool("amtool", ["check-config", configFile]);
    expect(check.status, check.transcript).toBe(0);
    const routed = runTool("amtool", [
      "config",
      "routes",
      "test",
      `--config.file=${configFile}`,
      "--verify.receivers=security",
      "category=security",
      "severity=critical",
    ]);
    expect(routed.status, routed.transcript).toBe(0);
  });
});

describe("amtool rejects what is wrong (so the checks above can fail)", () => {
  it("fails a route to a receiver that does not exist", () => {
    const config = alertmanagerConfig(stackSettings("dev"));
    const target = path.join(root, "unknown-receiver.yml");
    fs.writeFileSync(target, stringify({ ...config, route: { ...(config["route"] as object), receiver: "nobody" } }));
    const result = runTool("amtool", ["check-config", target]);
    expect(result.status).not.toBe(0);
    expect(result.transcript).toMatch(/undefined receiver "nobody"/);
  });

  it("fails a routing expectation that does not hold", () => {
    const configFile = writeConfig("prod-wrong-expectation", stackSettings("prod"));
    const result = runTool("amtool", [
      "config",
      "routes",
      "test",
      `--config.file=${configFile}`,
      "--verify.receivers=team-email",
      "severity=critical",
    ]);
    expect(result.status).not.toBe(0);
  });
});
