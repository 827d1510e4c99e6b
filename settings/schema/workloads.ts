import { z } from "zod";
import { cpuQuantity, quantity } from "../formats";
import { cpuMillicores, quantityBytes } from "../quantities";

/** Resources and replica counts, shared by the workloads' settings. */

/**
 * Requests and limits as Kubernetes writes them. Checked here what the API
 * server and Docker would refuse half-way through a deployment: a request
 * above its limit, a CPU limit below the 10m Docker can enforce, and memory
 * below the 6 MiB Docker accepts.
 */
export const resources = z
  .strictObject({
    requests: z.strictObject({ cpu: cpuQuantity, memory: quantity }),
    limits: z.strictObject({ cpu: cpuQuantity, memory: quantity }),
  })
  .superRefine((value, ctx) => {
    // zod runs this refinement even when a quantity itself was rejected:
    // compare only what reads as a quantity.
    const cpu = (text: string): number => (cpuQuantity.safeParse(text).success ? cpuMillicores(text) : NaN);
    const bytes = (text: string): number => (quantity.safeParse(text).success ? quantityBytes(text) : NaN);
    if (cpu(value.requests.cpu) > cpu(value.limits.cpu)) {
      ctx.addIssue({
        code: "custom",
        path: ["requests", "cpu"],
        input: value.requests.cpu,
        message: `must not be above limits.cpu (${value.limits.cpu}); lower the request or raise the limit`,
      });
    }
    if (bytes(value.requests.memory) > bytes(value.limits.memory)) {
      ctx.addIssue({
        code: "custom",
        path: ["requests", "memory"],
        input: value.requests.memory,
        message: `must not be above limits.memory (${value.limits.memory}); lower the request or raise the limit`,
      });
    }
    if (cpu(value.limits.cpu) < 10) {
      ctx.addIssue({
        code: "custom",
        path: ["limits", "cpu"],
        input: value.limits.cpu,
        message: "must be at least 10m, the smallest CPU limit Docker and the kernel enforce",
      });
    }
    if (bytes(value.limits.memory) < 6 * 2 ** 20) {
      ctx.addIssue({
        code: "custom",
        path: ["limits", "memory"],
        input: value.limits.memory,
        message: "must be at least 6Mi, the smallest memory limit Docker accepts",
      });
    }
  });
export type Resources = z.infer<typeof resources>;

export const replicas = z
  .number("must be a number, written without quotes")
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(9, "must be at most 9");
