import type { DashboardBuilder } from "@grafana/grafana-foundation-sdk/dashboard";

/**
 * Builds a dashboard into the plain classic JSON that Grafana's file
 * provider loads. Panels are numbered in layout order here, so ids are
 * stable from one render to the next (Grafana keys panel links and
 * `viewPanel` URLs by id) and never collide.
 */
export function renderDashboard(builder: DashboardBuilder): Record<string, unknown> {
  const built = builder.build();
  (built.panels ?? []).forEach((panel, index) => {
    panel.id = index + 1;
  });
  // Round trip through JSON: drops `undefined` fields and class instances,
  // leaving exactly what the file and the Grafana API receive.
  return JSON.parse(JSON.stringify(built)) as Record<string, unknown>;
}
