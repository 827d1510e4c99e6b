import { z } from "zod";
import { duration, httpUrl, quantity, secretKeyName, text } from "../formats";
import { resources } from "./workloads";
import { runsOnKubernetes, type Environment } from "./environments";

/** Jaeger and its trace storage. */

export const jaeger = z.strictObject({
  enabled: z.boolean(),
  storage: z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("memory"), maxTraces: z.int().min(1000).default(100000) }),
    z.strictObject({ type: z.literal("badger"), ttl: duration.default("72h"), storageSize: quantity.default("20Gi") }),
    z.strictObject({
      type: z.enum(["elasticsearch", "opensearch"]),
      urls: z.array(httpUrl).min(1),
      username: text("jaeger").optional(),
      passwordSecret: secretKeyName.optional(),
      indexPrefix: z
        .string()
        .regex(/^[a-z0-9-]*$/, "must be lower-case letters, digits and '-', such as jaeger")
        .default("jaeger"),
    }),
  ]),
  resources,
});
export type JaegerStorage = z.infer<typeof jaeger>["storage"];

/** Jaeger's defaults in one environment: traces survive a restart on Kubernetes (see profiles.ts). */
export function jaegerDefaults(environment: Environment) {
  return {
    enabled: true,
    storage: runsOnKubernetes(environment) ? { type: "badger" } : { type: "memory" },
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
  };
}
