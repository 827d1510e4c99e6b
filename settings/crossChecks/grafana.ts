import { problemAt, type SettingsProblem } from "../errors";
import type { StackSettings } from "../schema";

/** `grafana.external` is set exactly when Grafana is external. */
export function grafanaModeProblems(settings: StackSettings): SettingsProblem[] {
  const { mode, external } = settings.grafana;
  if (mode === "external" && external === undefined) {
    return [
      problemAt("grafana.external", "is required when grafana.mode is external (url, authSecret, datasourceUrls)"),
    ];
  }
  if (mode === "deploy" && external !== undefined) {
    return [
      problemAt(
        "grafana.external",
        "is only used when grafana.mode is external; set grafana.mode: external or remove grafana.external",
      ),
    ];
  }
  return [];
}
