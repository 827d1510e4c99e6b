import { secretReferences } from "../settings/secretRefs";
import type { ResolvedSettings } from "../settings/validate";

/** True when the settings leave a secret to be generated (kept apart so that asking loads no provider). */
export function needsGeneratedSecrets(settings: ResolvedSettings): boolean {
  return secretReferences(settings).some(
    (ref) => ref.whenAbsent === "generated" && !settings.presentSecrets.has(ref.key),
  );
}
