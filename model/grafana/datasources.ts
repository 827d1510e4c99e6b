import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles, serviceAddress } from "../addresses";
import { datasourceUids } from "./uids";

/**
 * A Grafana datasource as plain data: written into the provisioning file of
 * the Grafana the stack runs, or mapped to `@pulumiverse/grafana`
 * DataSource resources in external mode. Same uids and links either way.
 */
export interface GrafanaDatasource {
  /** Display name. */
  readonly name: string;
  /** Fixed uid (see `uids.ts`); dashboards and links refer to it. */
  readonly uid: string;
  /** Grafana plugin id. */
  readonly type: "prometheus" | "alertmanager" | "jaeger";
  /** Base URL as Grafana's server reaches it. */
  readonly url: string;
  /** Grafana's server makes the requests, so browsers need no route to the stack. */
  readonly access: "proxy";
  readonly isDefault: boolean;
  /** Plugin settings (Grafana's `jsonData`); never secrets. */
  readonly jsonData: Readonly<Record<string, unknown>>;
}

/** Base URLs of the stack's APIs as the Grafana in question reaches them. */
interface DatasourceUrls {
  readonly prometheus: string;
  readonly alertmanager: string;
  /** Absent when there is no Jaeger to link to. */
  readonly jaeger?: string;
}

function datasourceUrls(settings: ResolvedSettings): DatasourceUrls {
  if (settings.grafana.mode === "external") {
    const external = settings.grafana.external;
    if (external === undefined) {
      throw new Error(
        "grafana.external is required when grafana.mode is external (settings validation should have said so)",
      );
    }
    const urls = external.datasourceUrls;
    // An external Grafana links to Jaeger only if the stack runs one and
    // the operator said how that Grafana reaches it.
    const jaeger = settings.jaeger.enabled ? urls.jaeger : undefined;
    return { prometheus: urls.prometheus, alertmanager: urls.alertmanager, ...(jaeger ? { jaeger } : {}) };
  }
  const http = (role: string, port: number) => `http://${serviceAddress(settings, role, port)}`;
  return {
    prometheus: http(roles.prometheus, ports.prometheus),
    alertmanager: http(roles.alertmanager, ports.alertmanager),
    ...(settings.jaeger.enabled ? { jaeger: http(roles.jaeger, ports.jaegerQuery) } : {}),
  };
}

/**
 * Label under which instrumented services attach the trace id to exemplars:
 * `trace_id` is what the OpenTelemetry SDKs' Prometheus exporters write.
 */
export const exemplarTraceIdLabel = "trace_id";

/**
 * The stack's datasources: Prometheus (default; exemplars link to Jaeger),
 * Alertmanager (Prometheus implementation, for silences and alert lists)
 * and Jaeger when it runs (spans link back to Prometheus metrics).
 */
export function grafanaDatasources(settings: ResolvedSettings): GrafanaDatasource[] {
  const urls = datasourceUrls(settings);
  const prometheus: GrafanaDatasource = {
    name: "Prometheus",
    uid: datasourceUids.prometheus,
    type: "prometheus",
    url: urls.prometheus,
    access: "proxy",
    isDefault: true,
    jsonData: {
      httpMethod: "POST",
      prometheusType: "Prometheus",
      // Lets $__rate_interval cover at least four scrapes.
      timeInterval: settings.prometheus.scrapeInterval,
      ...(urls.jaeger !== undefined
        ? { exemplarTraceIdDestinations: [{ name: exemplarTraceIdLabel, datasourceUid: datasourceUids.jaeger }] }
        : {}),
    },
  };
  const alertmanager: GrafanaDatasource = {
    name: "Alertmanager",
    uid: datasourceUids.alertmanager,
    type: "alertmanager",
    url: urls.alertmanager,
    access: "proxy",
    isDefault: false,
    // The stack's alerts are Prometheus rules; Grafana-managed alerts are not routed here.
    jsonData: { implementation: "prometheus", handleGrafanaManagedAlerts: false },
  };
  if (urls.jaeger === undefined) return [prometheus, alertmanager];
  const jaeger: GrafanaDatasource = {
    name: "Jaeger",
    uid: datasourceUids.jaeger,
    type: "jaeger",
    url: urls.jaeger,
    access: "proxy",
    isDefault: false,
    jsonData: {
      nodeGraph: { enabled: true },
      tracesToMetrics: {
        datasourceUid: datasourceUids.prometheus,
        spanStartTimeShift: "-5m",
        spanEndTimeShift: "5m",
        // OpenTelemetry's service.name is the `service` label of the RED metrics.
        tags: [{ key: "service.name", value: "service" }],
        queries: [
          { name: "Request rate", query: "sum(rate(http_requests_total{$__tags}[5m]))" },
          {
            name: "Error ratio",
            query:
              'sum(rate(http_requests_total{$__tags, status=~"5.."}[5m])) / sum(rate(http_requests_total{$__tags}[5m]))',
          },
          {
            name: "P95 latency",
            query: "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{$__tags}[5m])))",
          },
        ],
      },
    },
  };
  return [prometheus, alertmanager, jaeger];
}
