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

/**
 * The provider's `healthcheck` for a workload: the liveness probe's command,
 * run inside the container in exec form (no shell needed), or `undefined`
 * when the probe has none: images without a shell or HTTP client
 * (distroless) cannot be checked from inside, so Docker keeps only the
 * restart policy, which still restarts a process that exits. The image's
 * own HEALTHCHECK, if any, applies.
 */
export function dockerHealthcheck(health: Pick<HealthCheck, "liveness">): DockerHealthcheck | undefined {
  const command = health.liveness.command;
  if (command === undefined) return undefined;
  if (command.length === 0) throw new Error(`the liveness probe on ${health.liveness.path} has an empty command`);
  return { tests: ["CMD", ...command], ...timing };
}
