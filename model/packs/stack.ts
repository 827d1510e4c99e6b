import { stackOverview } from "../dashboards/stackOverview";
import {
  alertmanagerClusterMembers,
  alertmanagerConfigLastReloadSuccessful,
  alertmanagerNotificationsFailedTotal,
  alertmanagerNotificationsTotal,
} from "../metrics/alertmanager";
import {
  jaegerReceiverMetrics,
  otelcolExporterSendFailedSpansTotal,
  otelcolExporterSentSpansTotal,
} from "../metrics/jaeger";
import {
  prometheusConfigLastReloadSuccessful,
  prometheusNotificationsDroppedTotal,
  prometheusNotificationsErrorsTotal,
  prometheusNotificationsQueueCapacity,
  prometheusNotificationsQueueLength,
  prometheusNotificationsSentTotal,
  prometheusRuleEvaluationFailuresTotal,
  prometheusRuleGroupIterationsMissedTotal,
  prometheusHeadMetrics,
  prometheusTsdbCompactionsFailedTotal,
  prometheusTsdbHeadTruncationsFailedTotal,
  prometheusTsdbReloadsFailuresTotal,
  prometheusTsdbWalWritesFailedTotal,
} from "../metrics/prometheus";
import type { Pack } from "./types";

/**
 * Pack "stack": every scrape target of the stack answers (TargetDown), and
 * the stack overview dashboard. The systems the stack runs have packs of
 * their own (prometheus, alertmanager, grafana, jaeger); this one only holds
 * what spans all of them. Its metrics are what the overview reads from
 * those systems' catalogs (`up` and `ALERTS` are Prometheus' own series).
 */
export const stackPack: Pack = {
  name: "stack",
  description: "every scrape target up; the stack overview dashboard",
  builtIn: true,
  ruleFiles: ["stack/stack.rules.yml"],
  sloFiles: [],
  dashboards: [stackOverview],
  metrics: [
    prometheusConfigLastReloadSuccessful,
    prometheusRuleEvaluationFailuresTotal,
    prometheusRuleGroupIterationsMissedTotal,
    prometheusNotificationsSentTotal,
    prometheusNotificationsErrorsTotal,
    prometheusNotificationsDroppedTotal,
    prometheusNotificationsQueueLength,
    prometheusNotificationsQueueCapacity,
    ...prometheusHeadMetrics,
    prometheusTsdbCompactionsFailedTotal,
    prometheusTsdbHeadTruncationsFailedTotal,
    prometheusTsdbReloadsFailuresTotal,
    prometheusTsdbWalWritesFailedTotal,
    alertmanagerConfigLastReloadSuccessful,
    alertmanagerNotificationsTotal,
    alertmanagerNotificationsFailedTotal,
    alertmanagerClusterMembers,
    ...jaegerReceiverMetrics,
    otelcolExporterSentSpansTotal,
    otelcolExporterSendFailedSpansTotal,
  ],
  // The stack's own jobs (prometheus, alertmanager, grafana, jaeger,
  // exporters) are built by model/prometheus/stackJobs.ts from the stack's
  // settings, since their replicas and TLS clients depend on them.
  scrapeJobs: [],
  // Built-in packs take no receiver mapping (a stack does not select them),
  // so their alerts follow the stack's own routes.
  routes: [],
  inhibitions: [],
};
