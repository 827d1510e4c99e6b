/** The environments a stack can be, each with its own defaults (see profiles.ts). */
export const environments = ["dev", "staging", "prod"] as const;
export type Environment = (typeof environments)[number];

export const targets = ["docker", "kubernetes"] as const;
export type Target = (typeof targets)[number];

/** Shared environments (staging, prod) run on Kubernetes; dev on the local Docker engine. */
export function runsOnKubernetes(environment: Environment): boolean {
  return environment !== "dev";
}
