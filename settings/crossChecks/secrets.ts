import { problemAt, type SettingsProblem } from "../errors";
import type { StackSettings } from "../schema";
import { secretReferences } from "../secretRefs";
import { configSetCommand } from "./problem";

/** Every secret the stack needs and cannot generate is set. */
export function requiredSecretProblems(settings: StackSettings, secretKeys: ReadonlySet<string>): SettingsProblem[] {
  return secretReferences(settings)
    .filter((ref) => ref.whenAbsent === "required" && !secretKeys.has(ref.key))
    .map((ref) =>
      problemAt(
        ref.key,
        `is a required secret (named by ${ref.usedBy}); set it with: ${configSetCommand(ref.key, "<value>", true)}`,
      ),
    );
}
