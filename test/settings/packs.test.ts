import { describe, expect, it } from "vitest";
import { packCatalog } from "../../model/packs";
import { packRoutes } from "../../model/alertmanager/packRouting";
import { monitoredServices, packServices, stackPacks } from "../../model/packs/forStack";
import { SettingsError } from "../../settings/errors";
import { parseStack } from "../../model/stack/settings";
import type { RawStackConfig } from "../../settings/validate";

/** The seed pack with the most receiver roles, and one that brings scrape jobs. */
const routed = [...packCatalog].sort(
  (a, b) => new Set(b.routes.flatMap((r) => r.receivers)).size - new Set(a.routes.flatMap((r) => r.receivers)).size,
)[0];
const roles = [...new Set(routed.routes.flatMap((route) => route.receivers))];
const scraping = packCatalog.find((pack) => !pack.builtIn && pack.scrapeJobs.length > 0)!;

const receivers = [{ name: "null" }, { name: "oncall", webhook: { urlSecret: "oncallUrl" } }];

function devConfig(packs: unknown[], extra: Record<string, unknown> = {}): RawStackConfig {
  return {
    stack: "dev",
    values: { environment: "dev", packs, alerting: { receivers, defaultReceiver: "null" }, ...extra },
    secretKeys: new Set(["oncallUrl"]),
  };
}

function problemsOf(raw: RawStackConfig): string[] {
  try {
    parseStack(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).message.split("\n").slice(1);
  }
  return [];
}

const allRoles = Object.fromEntries(roles.map((role) => [role, "oncall"]));

describe("pack selection in the stack config", () => {
  it("has a seed pack with receiver roles and one with scrape jobs to test with", () => {
    expect(roles.length).toBeGreaterThan(0);
    expect(scraping.scrapeJobs.length).toBeGreaterThan(0);
  });

  it("takes a bare name or an object with targets and receivers", () => {
    const settings = parseStack(devConfig(["red", { name: routed.name, receivers: allRoles }]));
    expect(settings.packs).toEqual([
      { name: "red", targets: {}, receivers: {} },
      { name: routed.name, targets: {}, receivers: allRoles },
    ]);
    expect(stackPacks(settings).map((pack) => pack.name)).toEqual(expect.arrayContaining(["red", routed.name]));
  });

  it("accepts a pack by name alone: its alerts then take the stack's own routes", () => {
    const byName = parseStack(devConfig([routed.name]));
    expect(packRoutes(byName)).toEqual([]);
    const mapped = parseStack(devConfig([{ name: routed.name, receivers: allRoles }]));
    const routes = packRoutes(mapped);
    expect(routes.length).toBeGreaterThanOrEqual(routed.routes.length);
    for (const route of routes) {
      expect(route["receiver"]).toBe("oncall");
      expect((route["matchers"] as string[])[0]).toBe(`pack="${routed.name}"`);
    }
  });

  it("leaves out the roles a stack does not map, keeping the routes of those it does", () => {
    const [first] = roles;
    const settings = parseStack(devConfig([{ name: routed.name, receivers: { [first]: "oncall" } }]));
    const expected = routed.routes.filter((route) => route.receivers.includes(first)).length;
    expect(packRoutes(settings).length).toBe(expected);
  });

  it("refuses an unknown role, an unknown receiver and targets for a job the pack does not have", () => {
    const problems = problemsOf(
      devConfig([
        {
          name: routed.name,
          receivers: { ...allRoles, [roles[0]]: "oncal", pagr: "oncall" },
          targets: { "no-such-job": ["x:1"] },
        },
      ]),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`packs\\[0\\]\\.receivers\\.${roles[0]}: unknown receiver \\(did you mean 'oncall'\\?\\)`),
        ),
        expect.stringMatching(/packs\[0\]\.receivers\.pagr: unknown receiver role of this pack/),
        expect.stringMatching(/packs\[0\]\.targets\.no-such-job: unknown job of this pack/),
      ]),
    );
  });

  it("refuses a pack whose job name a listed service already takes", () => {
    const job = scraping.scrapeJobs[0];
    const services = [{ name: job.name, targets: ["x:1"] }];
    const selection =
      scraping.routes.length > 0 ? { name: scraping.name, receivers: allRolesOf(scraping) } : scraping.name;
    expect(problemsOf(devConfig([selection], { services }))).toEqual([
      expect.stringContaining(
        `pack '${scraping.name}' scrapes job '${job.name}', which the stack or services[] already uses`,
      ),
    ]);
  });

  it("refuses a selection of unknown shape", () => {
    expect(problemsOf(devConfig([{ name: "red", target: {} }]))[0]).toMatch(/packs\[0\]/);
  });
});

function allRolesOf(pack: (typeof packCatalog)[number]): Record<string, string> {
  return Object.fromEntries(pack.routes.flatMap((route) => route.receivers).map((role) => [role, "oncall"]));
}

describe("pack scrape jobs", () => {
  const selection = (extra: Record<string, unknown> = {}) =>
    scraping.routes.length > 0
      ? { name: scraping.name, receivers: allRolesOf(scraping), ...extra }
      : { name: scraping.name, ...extra };

  it("scrape host.docker.internal:<port> on Docker and <job>.<namespace>.svc:<port> on Kubernetes by default", () => {
    const docker = packServices(parseStack(devConfig([selection()])));
    expect(docker.map((service) => service.targets)).toEqual(
      scraping.scrapeJobs.map((job) => [`host.docker.internal:${job.port}`]),
    );
    const kubernetes = packServices(
      parseStack({
        stack: "staging",
        values: {
          environment: "staging",
          packs: [selection({ namespace: "apps" })],
          kubernetes: { ingress: { domain: "obs.example.com" } },
          alerting: { receivers, defaultReceiver: "null" },
        },
        secretKeys: new Set(["oncallUrl", "grafanaAdminPassword"]),
      }),
    );
    expect(kubernetes.map((service) => service.targets)).toEqual(
      scraping.scrapeJobs.map((job) => [`${job.name}.apps.svc:${job.port}`]),
    );
  });

  it("take targets from the selection, label them with the pack and keep the job's interval and health path", () => {
    const job = scraping.scrapeJobs[0];
    const settings = parseStack(
      devConfig([selection({ targets: { [job.name]: ["10.0.0.5:9000", "10.0.0.6:9000"] } })]),
    );
    const service = monitoredServices(settings).find((candidate) => candidate.name === job.name)!;
    expect(service.targets).toEqual(["10.0.0.5:9000", "10.0.0.6:9000"]);
    expect(service.labels["pack"]).toBe(scraping.name);
    expect(service.metricsPath).toBe(job.metricsPath ?? "/metrics");
    expect(service.scrapeInterval).toBe(job.scrapeInterval);
    if (job.healthPath !== undefined) expect(service.healthUrl).toBe(`http://10.0.0.5:9000${job.healthPath}`);
  });
});
