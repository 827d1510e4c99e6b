import type { DashboardBuilderFn } from "../dashboards/types";
import type { MetricFamily } from "../metrics/types";

/**
 * A scrape job a pack brings: the system's service, where it serves
 * `/metrics`, how often to scrape it. Targets come from the stack's pack
 * selection (`packs: [{name, targets: {<job>: [...]}}]`); without one the
 * job scrapes `<job>:<port>` the way the system's seed describes it, as
 * `host.docker.internal:<port>` on Docker and `<job>.<namespace>.svc:<port>`
 * on Kubernetes.
 */
export interface PackScrapeJob {
  /** Job name and `service` label; the name the pack's rules select on. */
  readonly name: string;
  /** Port serving metrics. */
  readonly port: number;
  /** @default "/metrics" */
  readonly metricsPath?: string;
  /** e.g. `10s`; the stack's global interval when absent. */
  readonly scrapeInterval?: string;
  /** e.g. `5s`; must not exceed the interval. */
  readonly scrapeTimeout?: string;
  /** Health endpoint path (e.g. `/health`) probed through the blackbox exporter. */
  readonly healthPath?: string;
  /** Extra target labels, e.g. `component: selector`. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * One Alertmanager route of a pack. Receivers are *roles* (`pager`, `chat`,
 * `email`, ...) that the stack maps to its own receivers in the pack
 * selection, because a pack cannot know a stack's webhook URLs or keys.
 * Pack routes only ever see the pack's own alerts (`pack="<name>"`).
 */
export interface PackRoute {
  /** Receiver roles; more than one sends the alert to each (Alertmanager `continue`). */
  readonly receivers: readonly string[];
  /** Alertmanager matchers, e.g. `severity="critical"`. */
  readonly matchers: readonly string[];
  readonly groupBy?: readonly string[];
  readonly groupWait?: string;
  readonly groupInterval?: string;
  readonly repeatInterval?: string;
  /** Keep matching the pack's later routes after this one. */
  readonly continue?: boolean;
}

/** An inhibit rule of a pack; both sides are narrowed to the pack's own alerts. */
export interface PackInhibition {
  readonly sourceMatchers: readonly string[];
  readonly targetMatchers: readonly string[];
  readonly equal?: readonly string[];
}

/**
 * A pack is the monitoring of one system as code: the scrape jobs that
 * collect its metrics, the catalog of those metrics, rule files with their
 * promtool tests, SLO specs, dashboards and the alert routing the system's
 * owners asked for. Built-in packs watch the stack itself and are on
 * whenever the component they watch runs; the others are enabled by name.
 */
export interface Pack {
  /** Name used in the `packs` config list; also the `pack` label of its alerts. */
  readonly name: string;
  /** One line for listings and error hints. */
  readonly description: string;
  /** Always on (watches the stack itself) when `appliesTo` agrees. */
  readonly builtIn: boolean;
  /**
   * Whether a built-in pack applies to a stack, e.g. the Kubernetes pack
   * only where kube-state-metrics runs. Absent: always.
   */
  readonly appliesTo?: (stack: PackStackFacts) => boolean;
  /** Rule files, relative to the repository's `rules/` folder; each has a `.test.yml` beside it. */
  readonly ruleFiles: readonly string[];
  /** SLO specs (Sloth prometheus/v1), relative to the repository's `slos/` folder. */
  readonly sloFiles: readonly string[];
  /** Dashboards this pack provisions (each builder's JSON carries a stable uid). */
  readonly dashboards: readonly DashboardBuilderFn[];
  /**
   * Sloth services of the pack's specs whose SLO dashboard is among
   * `dashboards`, richer than the generic one the stack generates from the
   * specs: none is generated for them, so each service has one SLO dashboard.
   */
  readonly ownSloDashboards?: readonly string[];
  /**
   * Every metric family the pack's rules, SLO queries and dashboards read,
   * with type and labels: what tests resolve PromQL against and what the
   * metrics-presence gate checks a `/metrics` endpoint for.
   */
  readonly metrics: readonly MetricFamily[];
  /** Scrape jobs for the system's services. */
  readonly scrapeJobs: readonly PackScrapeJob[];
  /** Routes of the pack's alerts, tried before the stack's own routes. */
  readonly routes: readonly PackRoute[];
  readonly inhibitions: readonly PackInhibition[];
}

/** What built-in packs decide on: which components a stack runs. */
export interface PackStackFacts {
  readonly target: "docker" | "kubernetes";
  readonly grafana: boolean;
  readonly jaeger: boolean;
  readonly nodeExporter: boolean;
  readonly cadvisor: boolean;
  readonly kubeStateMetrics: boolean;
  readonly blackbox: boolean;
}
