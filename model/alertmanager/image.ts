import type { StackSettings } from "../../settings/schema";
import { defaultImages } from "../../settings/versions";

/** Alertmanager's image: the stack's override from `versions`, else the pinned default. */
export function alertmanagerImage(settings: Pick<StackSettings, "versions">): string {
  return settings.versions["alertmanager"] ?? defaultImages.alertmanager;
}
