import { z } from "zod";
import { imageNames, type ImageName } from "../versions";

/** Image pins over the defaults of settings/versions.ts. */

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
      }
    }
  });
