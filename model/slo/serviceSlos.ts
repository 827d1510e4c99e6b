import * as fs from "node:fs";
import * as path from "node:path";
import type { SettingsProblem } from "../../settings/errors";
import type { MonitoredService, ServiceSlo, StackSettings } from "../../settings/schema";
import { SloSpecError } from "./errors";
import { parseSloSpec, type Slo, type SloSpec } from "./spec";

/**
 * The SLOs a stack file gives its services (`observability:services[].slos`)
 * as Sloth `prometheus/v1` specs, so that they become rules and dashboards
 * by the same generator as the packs' spec files. Every alert of them
 * carries the service's name (`service`) and labels, so that a route on
 * either reaches it.
 */

/** The repository root, which spec files (`slos/...`) are named from. */
const repositoryRoot = path.resolve(__dirname, "..", "..");

/** `inventory-api` → `InventoryApi`, the start of the service's alert names. */
function pascalCase(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter((part) => part !== "")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** The alert name of a shorthand SLO: `InventoryApiAvailabilityBudgetBurn`. */
export function shorthandAlertName(service: string, type: "availability" | "latency"): string {
  return `${pascalCase(service)}${pascalCase(type)}BudgetBurn`;
}

/** A bucket boundary as Prometheus 3 writes `le` (0.5 → "0.5", 1 → "1"). */
function bucketBound(seconds: number): string {
  return String(seconds);
}

type Shorthand = Exclude<ServiceSlo, { type: "spec" }>;

/** One shorthand as an SLO of the service's spec, read from the service's metrics. */
function shorthandSlo(service: MonitoredService, slo: Shorthand): Slo {
  const { requests, duration, statusLabel } = service.metrics;
  const own = `service="${service.name}"`;
  const alerting = { name: shorthandAlertName(service.name, slo.type), labels: { ...service.labels } };
  if (slo.type === "availability") {
    return {
      name: "availability",
      objective: slo.objective,
      slo_period: slo.period,
      description: "Requests answered without a server error (5xx).",
      sli: {
        events: {
          error_query: `sum(rate(${requests}{${own}, ${statusLabel}=~"5.."}[{{.window}}]))`,
          total_query: `sum(rate(${requests}{${own}}[{{.window}}]))`,
        },
      },
      alerting,
    };
  }
  return {
    name: "latency",
    objective: slo.objective,
    slo_period: slo.period,
    description: `Requests answered within ${slo.thresholdSeconds} s.`,
    sli: {
      events: {
        // Slow requests: all of them minus those within the threshold's bucket.
        error_query:
          `sum(rate(${duration}_count{${own}}[{{.window}}]))\n` +
          `- sum(rate(${duration}_bucket{${own}, le="${bucketBound(slo.thresholdSeconds)}"}[{{.window}}]))`,
        total_query: `sum(rate(${duration}_count{${own}}[{{.window}}]))`,
      },
    },
    alerting,
  };
}

/** Reads a spec file named from the repository root. @throws SloSpecError naming the file. */
export type SpecReader = (file: string) => SloSpec;

/** Reads and validates a spec file of the repository. */
export const readRepositorySpec: SpecReader = (file) => {
  let text: string;
  try {
    text = fs.readFileSync(path.join(repositoryRoot, file), "utf8");
  } catch {
    throw new SloSpecError(file, [
      { path: "(file)", message: "is missing; the stack file names it in services[].slos" },
    ]);
  }
  return parseSloSpec(text, file);
};

/** A spec file's SLOs with the service's name and labels on their alerts, so routes on them match. */
function attachedToService(spec: SloSpec, service: MonitoredService): SloSpec {
  return {
    ...spec,
    slos: spec.slos.map((slo) => ({
      ...slo,
      alerting: { ...slo.alerting, labels: { ...slo.alerting?.labels, ...service.labels, service: service.name } },
    })),
  };
}

/**
 * The specs of one service's SLOs: one spec of its shorthands (named after
 * the service, so one SLO dashboard shows them), then each spec file it names.
 * @throws SloSpecError for a missing or invalid spec file.
 */
export function serviceSloSpecs(service: MonitoredService, readSpec: SpecReader = readRepositorySpec): SloSpec[] {
  const shorthands = service.slos.filter((slo): slo is Shorthand => slo.type !== "spec");
  const specs: SloSpec[] = [];
  if (shorthands.length > 0) {
    specs.push({
      version: "prometheus/v1",
      service: service.name,
      labels: { ...service.labels },
      slos: shorthands.map((slo) => shorthandSlo(service, slo)),
    });
  }
  for (const slo of service.slos) {
    if (slo.type === "spec") specs.push(attachedToService(readSpec(slo.file), service));
  }
  return specs;
}

/** Every SLO spec the stack file's services give, service by service. */
export function stackServiceSloSpecs(
  settings: Pick<StackSettings, "services">,
  readSpec: SpecReader = readRepositorySpec,
): { service: string; spec: SloSpec }[] {
  return settings.services.flatMap((service) =>
    serviceSloSpecs(service, readSpec).map((spec) => ({ service: service.name, spec })),
  );
}

/**
 * The problems of the spec files the services name, as stack problems at
 * the key that names each file, so that `pulumi up`, render and promote
 * list them with the stack's other problems before anything is created.
 */
export function serviceSloProblems(
  settings: Pick<StackSettings, "services">,
  readSpec: SpecReader = readRepositorySpec,
): SettingsProblem[] {
  return settings.services.flatMap((service, serviceIndex) =>
    service.slos.flatMap((slo, sloIndex) => {
      if (slo.type !== "spec") return [];
      try {
        readSpec(slo.file);
        return [];
      } catch (error) {
        if (!(error instanceof SloSpecError)) throw error;
        return error.problems.map((problem) => ({
          path: `${slo.file}:${problem.path}`,
          message: `${problem.message} (the spec observability:services[${serviceIndex}].slos[${sloIndex}].file names)`,
          ...("received" in problem ? { received: problem.received } : {}),
        }));
      }
    }),
  );
}
