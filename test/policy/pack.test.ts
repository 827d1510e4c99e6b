import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { environmentOf, environments } from "../../policy/environment";
import { policies } from "../../policy/policies";
import { environmentConfig, resourceArgs } from "./harness";

/** Names of the policies whose rules depend on the environment. */
const environmentAware = policies
  .filter((policy) => policy.configSchema?.properties["environment"] !== undefined)
  .map((policy) => policy.name);

describe("the policy pack", () => {
  it("has unique policy names, all mandatory, none named 'all' (reserved)", () => {
    const names = policies.map((policy) => policy.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain("all");
    expect(policies.filter((policy) => policy.enforcementLevel !== "mandatory")).toEqual([]);
  });

  it("declares a nodejs PulumiPolicy.yaml and a package.json version (PolicyPack reads it from the working directory)", () => {
    const folder = join(__dirname, "..", "..", "policy");
    expect(parse(readFileSync(join(folder, "PulumiPolicy.yaml"), "utf8"))).toMatchObject({ runtime: "nodejs" });
    const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { version?: string };
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each(environments)(
    "config/%s.json sets that environment for every environment-aware policy, and nothing else",
    (environment) => {
      const config = environmentConfig(environment);
      expect(Object.keys(config).sort()).toEqual([...environmentAware].sort());
      for (const name of environmentAware) expect(config[name]).toEqual({ environment });
    },
  );

  it("checks a stack as prod when no environment is configured, and rejects an unknown one", () => {
    const resource = { type: "t", name: "n", props: {} };
    expect(environmentOf(resourceArgs("replicas-for-high-availability", resource))).toBe("prod");
    const wrong = resourceArgs("replicas-for-high-availability", resource, {
      "replicas-for-high-availability": { environment: "production" },
    });
    expect(() => environmentOf(wrong)).toThrow(/must be one of dev, staging, prod \(got "production"\)/);
  });
});
