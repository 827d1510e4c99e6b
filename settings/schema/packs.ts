import { z } from "zod";
import { dnsLabel, hostPort, text } from "../formats";

/** Packs a stack enables, by name or with their targets and receivers. */

/**
 * One enabled pack: its name alone, or the name with where its services run
 * and which of the stack's receivers get its alerts.
 */
export const packSelection = z.union(
  [
    text("hitl").transform(
      (
        name,
      ): {
        name: string;
        namespace?: string;
        targets: Record<string, string[]>;
        receivers: Record<string, string>;
      } => ({
        name,
        targets: {},
        receivers: {},
      }),
    ),
    z.strictObject({
      name: text("hitl"),
      /**
       * Kubernetes namespace of the system's Services: default targets are
       * `<job>.<namespace>.svc:<port>` (Docker: `host.docker.internal:<port>`).
       */
      namespace: z
        .string()
        .max(63, "must be at most 63 characters")
        .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a Kubernetes namespace name such as hitl-prod")
        .optional(),
      /** host:port targets by the pack's job name, replacing the default target. */
      targets: z.record(text("hitl-api"), z.array(hostPort).min(1, "needs at least one host:port target")).default({}),
      /** This stack's receiver for each receiver role the pack's routes name (e.g. pager: oncall). */
      receivers: z.record(text("pager"), dnsLabel).default({}),
    }),
  ],
  { error: "must be a pack name or {name, namespace?, targets?, receivers?}" },
);
export type PackSelection = z.infer<typeof packSelection>;
