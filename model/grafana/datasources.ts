import type { ResolvedSettings } from "../../settings/validate";
import { serviceUrl } from "../urls";
import { ports, roles } from "../addresses";
import { caCertSecretKey, tlsEnabled, tlsPaths } from "../tls";
import { grafanaSecretPaths } from "./paths";
import { datasourceUids } from "../dashboards/uids";

/**
 * Where a secret datasource value comes from: a file Grafana reads at
 * startup (the Grafana the stack runs: provisioning expands `$__file{path}`)
 * or a secret config key whose value is pushed (external mode).
 */
export type DatasourceSecret = { readonly file: string } | { readonly secretKey: string };

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
  /**
   * Send basic auth (Prometheus and Alertmanager when `auth.basicAuth` is
   * on); the password is `secureJsonData.basicAuthPassword`.
   * @default false
   */
  readonly basicAuth?: boolean;
  /** User name for basic auth; set exactly when `basicAuth` is. */
  readonly basicAuthUser?: string;
  /**
   * Grafana's `secureJsonData`, keyed as Grafana keys it
   * (`basicAuthPassword`, `tlsCACert`), each value's source. Absent when
   * the datasource needs no secret.
   */
  readonly secureJsonData?: Readonly<Record<string, DatasourceSecret>>;
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
  // The stack's own services serve TLS whenever it is on; their
  // certificates name `serviceHost`, so Grafana verifies them against the CA.
  const url = (role: string, port: number) => serviceUrl(settings, role, port);
  return {
    prometheus: url(roles.prometheus, ports.prometheus),
    alertmanager: url(roles.alertmanager, ports.alertmanager),
    ...(settings.jaeger.enabled ? { jaeger: url(roles.jaeger, ports.jaegerQuery) } : {}),
  };
}

/** What a datasource needs to reach a TLS and/or basic-auth endpoint. */
type Credentials = Pick<GrafanaDatasource, "basicAuth" | "basicAuthUser" | "secureJsonData"> & {
  /** Added to the datasource's `jsonData`. */
  readonly jsonData: Readonly<Record<string, unknown>>;
};

/**
 * The CA and basic auth a datasource sends, by mode:
 * - deploy: files in Grafana's container — the CA of its own TLS directory
 *   (the stack's CA in every TLS mode: selfSigned ships it, cert-manager and
 *   provided Secrets carry `ca.crt`) and the password file;
 * - external: secret config keys pushed with the datasource — the password,
 *   and the stack's CA when it made one (selfSigned) and the URL is https;
 *   with certManager/provided the operator's URL is expected to carry a
 *   certificate the external Grafana already trusts.
 * Jaeger's query API has no auth of its own, so it never gets basic auth.
 */
function credentials(settings: ResolvedSettings, kind: GrafanaDatasource["type"], url: string): Credentials {
  const external = settings.grafana.mode === "external";
  const basicAuth = settings.auth.basicAuth;
  const password: DatasourceSecret | undefined =
    !basicAuth.enabled || kind === "jaeger"
      ? undefined
      : external
        ? { secretKey: basicAuth.passwordSecret }
        : { file: grafanaSecretPaths.basicAuthPassword };
  const https = url.startsWith("https://");
  const caCert: DatasourceSecret | undefined = !https
    ? undefined
    : external
      ? settings.tls.mode === "selfSigned"
        ? { secretKey: caCertSecretKey }
        : undefined
      : tlsEnabled(settings)
        ? { file: tlsPaths(roles.grafana).ca }
        : undefined;
  const secure: Record<string, DatasourceSecret> = {
    ...(password !== undefined ? { basicAuthPassword: password } : {}),
    ...(caCert !== undefined ? { tlsCACert: caCert } : {}),
  };
  return {
    ...(password !== undefined ? { basicAuth: true, basicAuthUser: basicAuth.username } : {}),
    // Verify the server against the CA; never skip verification.
    jsonData: caCert !== undefined ? { tlsAuthWithCACert: true, tlsSkipVerify: false } : {},
    ...(Object.keys(secure).length > 0 ? { secureJsonData: secure } : {}),
  };
}

/** A datasource with its credentials merged in. */
function withCredentials(settings: ResolvedSettings, source: GrafanaDatasource): GrafanaDatasource {
  const { jsonData, ...auth } = credentials(settings, source.type, source.url);
  return { ...source, ...auth, jsonData: { ...source.jsonData, ...jsonData } };
}

/**
 * Label under which instrumented services attach the trace id to exemplars:
 * `trace_id` is what the OpenTelemetry SDKs' Prometheus exporters write.
 */
export const exemplarTraceIdLabel = "trace_id";

/**
 * The stack's datasources: Prometheus (default; exemplars link to Jaeger),
 * Alertmanager (Prometheus implementation, for silences and alert lists)
 * and Jaeger when it runs (spans link back to Prometheus metrics), each
 * with the CA and basic auth the stack's endpoints ask for.
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
  if (urls.jaeger === undefined) return [prometheus, alertmanager].map((source) => withCredentials(settings, source));
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
  return [prometheus, alertmanager, jaeger].map((source) => withCredentials(settings, source));
}
