import type { StackSettings } from "../../settings/schema";
import { defaultImages } from "../../settings/versions";

/** Prometheus' image: the stack's override from `versions`, else the pinned default. */
export function prometheusImage(settings: Pick<StackSettings, "versions">): string {
  return settings.versions["prometheus"] ?? defaultImages.prometheus;
}
