import { settingsWith, type StackName } from "./stacks";
import type { ResolvedSettings } from "../../settings/validate";

/**
 * A platform team's services at scale, as a stack file lists them:
 * `services` services (targets, a health URL, a team label) of which the
 * first ones carry `slos` SLOs between them, an availability and a latency
 * SLO per service in turn. Names and addresses are synthetic but valid, so
 * the stack passes the same validation as any stack file; on Kubernetes
 * they name Services in `apps` that need not exist (their scrapes fail).
 */
export function scaleServices(stack: StackName, services: number, slos: number): Record<string, unknown>[] {
  if (!Number.isInteger(services) || services < 1)
    throw new Error(`services must be a whole number >= 1, got ${services}`);
  if (!Number.isInteger(slos) || slos < 0 || slos > 2 * services) {
    throw new Error(`slos must be a whole number from 0 to twice the services (${2 * services}), got ${slos}`);
  }
  const onDocker = stack === "dev";
  return Array.from({ length: services }, (_, index) => {
    const name = `svc-${String(index).padStart(4, "0")}`;
    const host = onDocker ? `host.docker.internal` : `${name}.apps.svc`;
    const port = onDocker ? 20000 + index : 8080;
    const own = Math.max(0, Math.min(2, slos - 2 * index));
    return {
      name,
      targets: onDocker ? [`${host}:${port}`] : [`${host}:${port}`, `${name}-canary.apps.svc:${port}`],
      healthUrl: `http://${host}:${port}/health`,
      labels: { team: `team-${index % 25}` },
      slos: [
        ...(own >= 1 ? [{ type: "availability", objective: 99.5 }] : []),
        ...(own >= 2 ? [{ type: "latency", objective: 99, thresholdSeconds: 0.5 }] : []),
      ],
    };
  });
}

/** A committed stack file with `scaleServices(stack, services, slos)` as its services. */
export function scaleSettings(stack: StackName, services: number, slos: number): ResolvedSettings {
  return settingsWith(stack, { services: scaleServices(stack, services, slos) });
}
