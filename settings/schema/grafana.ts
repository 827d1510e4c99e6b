import { z } from "zod";
import { httpUrl, quantity, secretKeyName, text } from "../formats";
import { resources } from "./workloads";

/** Grafana: deployed by the stack, or an existing one the stack pushes into. */

export const grafana = z.strictObject({
  /** `deploy` runs Grafana in the stack; `external` pushes into an existing one. */
  mode: z.enum(["deploy", "external"]),
  adminUser: text("admin"),
  /** Config key of the admin password; generated when absent and the environment allows it. */
  adminPasswordSecret: secretKeyName,
  /** Config key of Grafana's `secret_key`; generated once and kept in state when absent. */
  secretKeySecret: secretKeyName,
  storageSize: quantity,
  resources,
  external: z
    .strictObject({
      url: httpUrl,
      /** Config key of a service-account token with Editor rights on the folder. */
      authSecret: secretKeyName,
      /** URLs under which that Grafana reaches this stack's Prometheus, Alertmanager, Jaeger. */
      datasourceUrls: z.strictObject({ prometheus: httpUrl, alertmanager: httpUrl, jaeger: httpUrl.optional() }),
      folder: text("Observability").default("Observability"),
    })
    .optional(),
});

/** Grafana's defaults, the same in every environment (see profiles.ts). */
export function grafanaDefaults() {
  return {
    mode: "deploy",
    adminUser: "admin",
    adminPasswordSecret: "grafanaAdminPassword",
    secretKeySecret: "grafanaSecretKey",
    storageSize: "5Gi",
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
  };
}
