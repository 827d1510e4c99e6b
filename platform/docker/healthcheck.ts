import type { HealthCheck } from "../../model/workload";

/**
 * Docker health checks. Timings are written the way Go prints durations
 * (`15s`, not `0.25m`): the provider reads the health check back from the
 * engine as Go durations, and any other spelling would show as a change on
 * every preview.
 */
const timing = { interval: "15s", timeout: "5s", startPeriod: "30s", retries: 3 } as const;

/** A health check as plain data; assignable to the provider's `ContainerHealthcheck`. */
export interface DockerHealthcheck {
  readonly tests: string[];
  readonly interval: string;
  readonly timeout: string;
  readonly startPeriod: string;
  readonly retries: number;
}

/** Forms Docker accepts as the first element of a health check's `test`. */
const testForms = new Set(["CMD", "CMD-SHELL", "NONE"]);

/**
 * The provider's `healthcheck` for a workload, or `undefined` when the model
 * says `none`: images without a shell or HTTP client (distroless) cannot be
 * checked from inside, so Docker keeps only the restart policy, which still
 * restarts a process that exits. The image's own HEALTHCHECK, if any, applies.
 * A command without a form gets `CMD` (exec form: no shell needed).
 */
export function dockerHealthcheck(health: Pick<HealthCheck, "docker">): DockerHealthcheck | undefined {
  if (health.docker === "none") return undefined;
  const [first] = health.docker;
  if (first === undefined) throw new Error("health.docker must be a command or 'none', got an empty list");
  const tests = testForms.has(first) ? [...health.docker] : ["CMD", ...health.docker];
  return { tests, ...timing };
}
