import { parse } from "yaml";

/**
 * What changed in one stack between two renders (`npm run render` of a base
 * and a head commit), said the way a reviewer reads it: scrape jobs, alerts
 * (added, removed, threshold or `for` changed), SLO objectives, receivers,
 * routes and where alerts now go, dashboards (added, removed, panels). Pure:
 * it reads the rendered files as text, so the base may come from any commit.
 */

/** A rendered stack: path under its folder → content. */
export type RenderedTree = ReadonlyMap<string, string>;

/** One section of the summary: a heading and its lines (each one change). */
export interface SummarySection {
  readonly title: string;
  readonly lines: readonly string[];
}

const rulesDir = "prometheus/etc/prometheus/rules/";
const prometheusFile = "prometheus/etc/prometheus/prometheus.yml";
const alertmanagerFile = "alertmanager/etc/alertmanager/alertmanager.yml";
const alertRoutesFile = "alertmanager/alert-routes.txt";
const isDashboard = (file: string): boolean => /^grafana[^/]*\/.*dashboards\/.*\.json$/.test(file);

function yamlOf<T>(tree: RenderedTree, file: string): T | undefined {
  const text = tree.get(file);
  return text === undefined ? undefined : (parse(text) as T);
}

interface RuleFile {
  groups?: {
    rules?: { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string> }[];
  }[];
}

interface AlertRule {
  readonly expr: string;
  readonly for: string;
}

/** The alerts of a render, `Name (severity)` → rule. */
function alertsOf(tree: RenderedTree): Map<string, AlertRule> {
  const alerts = new Map<string, AlertRule>();
  for (const [file, text] of tree) {
    if (!file.startsWith(rulesDir)) continue;
    for (const group of (parse(text) as RuleFile | null)?.groups ?? []) {
      for (const rule of group.rules ?? []) {
        if (rule.alert === undefined) continue;
        const key = `${rule.alert} (${rule.labels?.["severity"] ?? "no severity"})`;
        alerts.set(key, { expr: rule.expr.trim(), for: rule.for ?? "0s" });
      }
    }
  }
  return alerts;
}

/** The SLOs of a render, `sloth_id` → "99.5% over 30 days", from the generated metadata rules. */
function slosOf(tree: RenderedTree): Map<string, string> {
  const objectives = new Map<string, string>();
  const periods = new Map<string, string>();
  for (const [file, text] of tree) {
    if (!file.startsWith(rulesDir)) continue;
    for (const group of (parse(text) as RuleFile | null)?.groups ?? []) {
      for (const rule of group.rules ?? []) {
        const id = rule.labels?.["sloth_id"];
        const value = /^vector\(([\d.]+)\)$/.exec(rule.expr.trim())?.[1];
        if (id === undefined || value === undefined) continue;
        if (rule.record === "slo:objective:ratio")
          objectives.set(id, `${Number((Number(value) * 100).toPrecision(10))}%`);
        if (rule.record === "slo:time_period:days") periods.set(id, `${value} days`);
      }
    }
  }
  return new Map([...objectives].map(([id, objective]) => [id, `${objective} over ${periods.get(id) ?? "?"}`]));
}

interface AlertmanagerFile {
  receivers?: ({ name: string } & Record<string, unknown>)[];
  route?: { receiver?: string; routes?: { receiver: string; matchers?: string[]; continue?: boolean }[] };
}

function receiversOf(tree: RenderedTree): Map<string, string> {
  const config = yamlOf<AlertmanagerFile>(tree, alertmanagerFile);
  return new Map(
    (config?.receivers ?? []).map((receiver) => {
      const kinds = Object.keys(receiver)
        .filter((key) => key.endsWith("_configs"))
        .map((key) => key.replace(/_configs$/, ""));
      return [receiver.name, kinds.length > 0 ? kinds.join(", ") : "drops alerts"];
    }),
  );
}

/** Routes in order, each as `matchers → receiver`. */
function routesOf(tree: RenderedTree): string[] {
  const config = yamlOf<AlertmanagerFile>(tree, alertmanagerFile);
  const routes = (config?.route?.routes ?? []).map((route) => {
    const matchers = route.matchers ?? [];
    const which = matchers.length === 0 ? "every alert" : matchers.map((matcher) => `\`${matcher}\``).join(", ");
    return `${which} → ${route.receiver}${route.continue === true ? " (continue)" : ""}`;
  });
  if (config?.route?.receiver !== undefined) routes.push(`any other alert → ${config.route.receiver}`);
  return routes;
}

/** alert-routes.txt as `alert and labels` → receivers. */
function alertRoutingOf(tree: RenderedTree): Map<string, string> {
  const routing = new Map<string, string>();
  for (const line of (tree.get(alertRoutesFile) ?? "").split("\n")) {
    if (line.startsWith("#") || !line.includes(" → ")) continue;
    const [alert, receivers] = line.split(" → ");
    routing.set((alert ?? "").replace(/\s+/g, " ").trim(), receivers ?? "");
  }
  return routing;
}

interface DashboardSummary {
  readonly title: string;
  readonly panels: readonly string[];
  readonly text: string;
}

interface PanelJson {
  title?: string;
  type?: string;
  panels?: PanelJson[];
}

function dashboardsOf(tree: RenderedTree): Map<string, DashboardSummary> {
  const dashboards = new Map<string, DashboardSummary>();
  for (const [file, text] of tree) {
    if (!isDashboard(file)) continue;
    const json = JSON.parse(text) as { uid?: string; title?: string; panels?: PanelJson[] };
    const titles = (panels: readonly PanelJson[]): string[] =>
      panels.flatMap((panel) => [
        ...(panel.type === "row" ? [] : [panel.title ?? "(untitled)"]),
        ...titles(panel.panels ?? []),
      ]);
    dashboards.set(json.uid ?? file, { title: json.title ?? "", panels: titles(json.panels ?? []), text });
  }
  return dashboards;
}

function jobsOf(tree: RenderedTree): string[] {
  const config = yamlOf<{ scrape_configs?: { job_name: string }[] }>(tree, prometheusFile);
  return (config?.scrape_configs ?? []).map((job) => job.job_name);
}

/** "threshold 0.05 → 0.1" when only numbers differ, else that the expression changed. */
function exprChange(before: string, after: string): string {
  const numbers = /\d+(?:\.\d+)?(?:e[+-]?\d+)?/g;
  const shape = (expr: string) => expr.replace(numbers, "#").replace(/\s+/g, " ");
  if (shape(before) !== shape(after)) return "expression changed";
  const was = before.match(numbers) ?? [];
  const now = after.match(numbers) ?? [];
  const changed = now.flatMap((value, index) => (value === was[index] ? [] : [`${was[index] ?? "?"} → ${value}`]));
  return `threshold ${changed.join(", ")}`;
}

function added<T>(base: ReadonlyMap<string, T>, head: ReadonlyMap<string, T>): string[] {
  return [...head.keys()].filter((key) => !base.has(key)).sort();
}

/**
 * The sections of one stack's change. An empty list: nothing a reviewer
 * reads changed (other rendered files may have: see the raw diff).
 * @param base undefined when the base could not render the stack (a new stack)
 */
export function stackChangeSummary(base: RenderedTree | undefined, head: RenderedTree): SummarySection[] {
  const before = base ?? new Map<string, string>();
  const sections: SummarySection[] = [];
  const section = (title: string, lines: string[]): void => {
    if (lines.length > 0) sections.push({ title, lines });
  };

  const jobsBefore = jobsOf(before);
  const jobsAfter = jobsOf(head);
  section("Scrape jobs", [
    ...jobsAfter.filter((job) => !jobsBefore.includes(job)).map((job) => `+ \`${job}\``),
    ...jobsBefore.filter((job) => !jobsAfter.includes(job)).map((job) => `− \`${job}\``),
  ]);

  const alertsBefore = alertsOf(before);
  const alertsAfter = alertsOf(head);
  const changedAlerts = [...alertsAfter].flatMap(([key, rule]) => {
    const old = alertsBefore.get(key);
    if (old === undefined) return [];
    const changes = [
      ...(old.expr === rule.expr ? [] : [exprChange(old.expr, rule.expr)]),
      ...(old.for === rule.for ? [] : [`for ${old.for} → ${rule.for}`]),
    ];
    return changes.length > 0 ? [`~ ${key}: ${changes.join("; ")}`] : [];
  });
  section("Alerts", [
    ...added(alertsBefore, alertsAfter).map((key) => `+ ${key}`),
    ...added(alertsAfter, alertsBefore).map((key) => `− ${key}`),
    ...changedAlerts.sort(),
  ]);

  const slosBefore = slosOf(before);
  const slosAfter = slosOf(head);
  section("SLOs", [
    ...added(slosBefore, slosAfter).map((id) => `+ \`${id}\`: ${slosAfter.get(id) ?? ""}`),
    ...added(slosAfter, slosBefore).map((id) => `− \`${id}\``),
    ...[...slosAfter]
      .filter(([id, objective]) => slosBefore.has(id) && slosBefore.get(id) !== objective)
      .map(([id, objective]) => `~ \`${id}\`: ${slosBefore.get(id) ?? ""} → ${objective}`),
  ]);

  const receiversBefore = receiversOf(before);
  const receiversAfter = receiversOf(head);
  section("Receivers", [
    ...added(receiversBefore, receiversAfter).map((name) => `+ ${name} (${receiversAfter.get(name) ?? ""})`),
    ...added(receiversAfter, receiversBefore).map((name) => `− ${name}`),
  ]);

  const routesBefore = routesOf(before);
  const routesAfter = routesOf(head);
  if (routesBefore.join("\n") !== routesAfter.join("\n")) {
    section("Routes (in order, as Alertmanager tries them)", [
      ...routesAfter.map((route, index) => `${routesBefore.includes(route) ? " " : "+"} ${index + 1}. ${route}`),
      ...routesBefore.filter((route) => !routesAfter.includes(route)).map((route) => `− ${route}`),
    ]);
  }

  const routingBefore = alertRoutingOf(before);
  const routingAfter = alertRoutingOf(head);
  section("Where alerts go (alert-routes.txt)", [
    ...[...routingAfter]
      .filter(([alert, receivers]) => routingBefore.get(alert) !== receivers)
      .map(([alert, receivers]) =>
        routingBefore.has(alert)
          ? `~ ${alert}: ${routingBefore.get(alert) ?? ""} → ${receivers}`
          : `+ ${alert} → ${receivers}`,
      ),
    ...added(routingAfter, routingBefore).map((alert) => `− ${alert}`),
  ]);

  const dashboardsBefore = dashboardsOf(before);
  const dashboardsAfter = dashboardsOf(head);
  const changedDashboards = [...dashboardsAfter].flatMap(([uid, dashboard]) => {
    const old = dashboardsBefore.get(uid);
    if (old === undefined || old.text === dashboard.text) return [];
    const newPanels = dashboard.panels.filter((panel) => !old.panels.includes(panel));
    const gonePanels = old.panels.filter((panel) => !dashboard.panels.includes(panel));
    const parts = [
      ...(newPanels.length > 0 ? [`panels added: ${newPanels.join(", ")}`] : []),
      ...(gonePanels.length > 0 ? [`panels removed: ${gonePanels.join(", ")}`] : []),
    ];
    return [`~ \`${uid}\`: ${parts.length > 0 ? parts.join("; ") : "queries or layout changed"}`];
  });
  section("Dashboards", [
    ...added(dashboardsBefore, dashboardsAfter).map((uid) => {
      const dashboard = dashboardsAfter.get(uid);
      return `+ \`${uid}\` "${dashboard?.title ?? ""}" (${dashboard?.panels.length ?? 0} panels)`;
    }),
    ...added(dashboardsAfter, dashboardsBefore).map((uid) => `− \`${uid}\``),
    ...changedDashboards,
  ]);
  return sections;
}

/**
 * The summary of several stacks as Markdown, within `limit` characters: a
 * section longer than the room left is cut with a line saying how many of
 * its changes are not shown.
 */
export function summaryMarkdown(
  stacks: readonly { readonly stack: string; readonly sections: readonly SummarySection[]; readonly note?: string }[],
  limit: number,
): string {
  const lines: string[] = [];
  let used = 0;
  let cut = 0;
  // Room kept for one "… more not shown" line and the closing count.
  const reserve = 160;
  const push = (line: string): void => {
    lines.push(line);
    used += line.length + 1;
  };
  const fits = (line: string): boolean => used + line.length + 1 <= limit - reserve;
  for (const { stack, sections, note } of stacks) {
    const heading = [`#### ${stack}`, ...(note === undefined ? [] : [note])];
    if (!heading.every(fits)) {
      cut += sections.reduce((sum, section) => sum + section.lines.length, 0);
      continue;
    }
    heading.forEach(push);
    if (sections.length === 0) push("No change to jobs, alerts, SLOs, receivers, routes or dashboards.");
    for (const { title, lines: changes } of sections) {
      if (cut > 0 || !fits(`**${title}**`)) {
        cut += changes.length;
        continue;
      }
      push(`**${title}**`);
      for (const [index, change] of changes.entries()) {
        if (!fits(`- ${change}`)) {
          const left = changes.length - index;
          cut += left;
          push(`… ${left} more not shown`);
          break;
        }
        push(`- ${change}`);
      }
    }
    push("");
  }
  if (cut > 0) push(`(${cut} changes left out to stay within ${limit} characters; run npm run render locally)`);
  return lines.join("\n");
}
