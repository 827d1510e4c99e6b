import { z } from "zod";
import { imageNames, type ImageName } from "../versions";

/** Image pins over the defaults of settings/versions.ts. */

/**
 * The oldest Prometheus that reloads its rule files by itself when they
 * change (`auto-reload-config`; 3.0 watched only prometheus.yml, fixed in
 * 3.4), which the stack relies on so that a rule change is no restart.
 */
const oldestReloadingPrometheus = { major: 3, minor: 4 } as const;

/** Whether a pinned tag names a Prometheus older than the oldest that reloads live (a digest says nothing). */
function prometheusTooOld(image: string): boolean {
  const version = /:v?(\d+)\.(\d+)[\w.-]*(@sha256:[a-f0-9]{64})?$/.exec(image);
  if (version === null) return false;
  const [major, minor] = [Number(version[1]), Number(version[2])];
  return (
    major < oldestReloadingPrometheus.major ||
    (major === oldestReloadingPrometheus.major && minor < oldestReloadingPrometheus.minor)
  );
}

export const versions = z
  .record(
    z.string(),
    z
      .string()
      .regex(
        /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+(:[\w.-]+)?(@sha256:[a-f0-9]{64})?$/,
        "must be a full image reference such as quay.io/prometheus/prometheus:v3.5.0",
      ),
  )
  .superRefine((table, ctx) => {
    for (const [key, image] of Object.entries(table)) {
      if (!imageNames.includes(key as ImageName)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `unknown image '${key}'; known images: ${imageNames.join(", ")}`,
        });
      } else if (!/(:[\w.-]+|@sha256:[a-f0-9]{64})$/.test(image) || /:latest$/.test(image)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          input: image,
          message: "must be pinned to an exact tag or digest (not latest)",
        });
      } else if (key === "prometheus" && prometheusTooOld(image)) {
        const { major, minor } = oldestReloadingPrometheus;
        ctx.addIssue({
          code: "custom",
          path: [key],
          input: image,
          message:
            `must be Prometheus ${major}.${minor} or newer: older ones do not reload their rule files by themselves, ` +
            `so a rule change would not apply until a restart; pin a tag from v${major}.${minor}.0 on`,
        });
      }
    }
  });
