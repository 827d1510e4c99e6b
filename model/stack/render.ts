import { stringify } from "yaml";
import type { ResolvedSettings } from "../../settings/validate";
import { grafanaDashboards, grafanaDatasources } from "../grafana";
import { fillSecrets, placeholderFor, secretKeysIn } from "../secrets";
import { alertRoutesReport } from "../routing/reach";
import { planWorkloads, stackPlan } from "./plan";
import type { Workload } from "../workload";

/** One file of a rendered stack, relative to the output folder. */
export interface RenderedFile {
  readonly path: string;
  readonly content: string;
}

/** What a reviewer needs to see of a workload besides its files. */
function workloadSummary(workload: Workload): Record<string, unknown> {
  const { files, ...rest } = workload;
  return {
    ...rest,
    files: files.map((file) => ({ path: file.path, secrets: secretKeysIn(file.content) })),
  };
}

/**
 * Every file a stack ships (and, for review, alertmanager/alert-routes.txt:
 * the receivers each alert reaches), with each secret replaced by a visible
 * placeholder: `<role>/<path in the container>` for workload files and
 * `<role>/workload.yaml` for the rest of each workload (image, args, ports…).
 * Same plan as the components deploy (model/stack/plan.ts).
 */
export function renderStack(settings: ResolvedSettings): RenderedFile[] {
  const rendered: RenderedFile[] = [];
  for (const workload of planWorkloads(stackPlan(settings))) {
    rendered.push({
      path: `${workload.role}/workload.yaml`,
      content: stringify(workloadSummary(workload), { aliasDuplicateObjects: false }),
    });
    for (const file of workload.files) {
      const placeholders = Object.fromEntries(secretKeysIn(file.content).map((key) => [key, placeholderFor(key)]));
      rendered.push({ path: `${workload.role}${file.path}`, content: fillSecrets(file, placeholders) });
    }
  }
  // For review: which receivers each alert reaches (not a file the stack deploys).
  rendered.push({ path: "alertmanager/alert-routes.txt", content: alertRoutesReport(settings) });
  if (settings.grafana.mode === "external") {
    rendered.push({ path: "grafana-external/datasources.yaml", content: stringify(grafanaDatasources(settings)) });
    for (const dashboard of grafanaDashboards(settings)) {
      rendered.push({
        path: `grafana-external/dashboards/${dashboard.uid}.json`,
        content: JSON.stringify(dashboard.json, null, 2) + "\n",
      });
    }
  }
  return rendered;
}
