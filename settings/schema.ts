import { z } from "zod";
import {
  byteSize,
  cpuQuantity,
  dnsLabel,
  duration,
  hostPort,
  httpUrl,
  labelName,
  matcher,
  quantity,
  secretKeyName,
  text,
} from "./formats";
import { cpuMillicores, quantityBytes } from "./quantities";
import { imageNames, type ImageName } from "./versions";

/**
 * The schema of one stack's configuration: every key under the
 * `observability:` namespace of a `Pulumi.<stack>.yaml`. Objects are strict so
 * that a misspelled key is an error rather than a silently ignored setting.
 *
 * Defaults that depend on the environment are not here: they come from the
 * profiles (`profiles.ts`) and are merged under the stack's own values before
 * this schema sees them.
 */

export const environments = ["dev", "staging", "prod"] as const;
export type Environment = (typeof environments)[number];

export const targets = ["docker", "kubernetes"] as const;
export type Target = (typeof targets)[number];

/** Kubernetes object name (a DNS subdomain). */
const objectName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a Kubernetes object name such as prometheus-tls")
  .max(253, "must be at most 253 characters")
  .meta({ examples: ["prometheus-tls"] });

/** A DNS name such as grafana.obs.example.com (an Ingress host, an API group). */
const hostName = z
  .string()
  .max(253, "must be at most 253 characters")
  .regex(
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    "must be a lower-case DNS name such as grafana.obs.example.com",
  )
  .meta({ examples: ["grafana.obs.example.com"] });

/** A Kubernetes annotation key: an optional DNS prefix and a name, e.g. nginx.ingress.kubernetes.io/proxy-body-size. */
const annotationKey = z
  .string()
  .regex(
    /^(([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
    "must be an annotation key such as nginx.ingress.kubernetes.io/proxy-body-size",
  )
  .meta({ examples: ["nginx.ingress.kubernetes.io/proxy-body-size"] });

/** An email address, for SMTP senders and recipients. */
const emailAddress = z
  .string()
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an email address such as oncall@example.com")
  .meta({ examples: ["oncall@example.com"] });

/** A label Alertmanager groups by: a label name, or `...` for every label. */
const groupingLabel = z.union([z.literal("..."), labelName], {
  error: "must be a label name such as alertname, or ... to group by every label",
});

/**
 * Requests and limits as Kubernetes writes them. Checked here what the API
 * server and Docker would refuse half-way through a deployment: a request
 * above its limit, a CPU limit below the 10m Docker can enforce, and memory
 * below the 6 MiB Docker accepts.
 */
const resources = z
  .strictObject({
    requests: z.strictObject({ cpu: cpuQuantity, memory: quantity }),
    limits: z.strictObject({ cpu: cpuQuantity, memory: quantity }),
  })
  .superRefine((value, ctx) => {
    // zod runs this refinement even when a quantity itself was rejected:
    // compare only what reads as a quantity.
    const cpu = (text: string): number => (cpuQuantity.safeParse(text).success ? cpuMillicores(text) : NaN);
    const bytes = (text: string): number => (quantity.safeParse(text).success ? quantityBytes(text) : NaN);
    if (cpu(value.requests.cpu) > cpu(value.limits.cpu)) {
      ctx.addIssue({
        code: "custom",
        path: ["requests", "cpu"],
        input: value.requests.cpu,
        message: `must not be above limits.cpu (${value.limits.cpu}); lower the request or raise the limit`,
      });
    }
    if (bytes(value.requests.memory) > bytes(value.limits.memory)) {
      ctx.addIssue({
        code: "custom",
        path: ["requests", "memory"],
        input: value.requests.memory,
        message: `must not be above limits.memory (${value.limits.memory}); lower the request or raise the limit`,
      });
    }
    if (cpu(value.limits.cpu) < 10) {
      ctx.addIssue({
        code: "custom",
        path: ["limits", "cpu"],
        input: value.limits.cpu,
        message: "must be at least 10m, the smallest CPU limit Docker and the kernel enforce",
      });
    }
    if (bytes(value.limits.memory) < 6 * 2 ** 20) {
      ctx.addIssue({
        code: "custom",
        path: ["limits", "memory"],
        input: value.limits.memory,
        message: "must be at least 6Mi, the smallest memory limit Docker accepts",
      });
    }
  });
export type Resources = z.infer<typeof resources>;

const replicas = z
  .number("must be a number, written without quotes")
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(9, "must be at most 9");

/**
 * Headers Prometheus sets itself on remote write and refuses in `headers`
 * (compared without case); the promtool tests check this list against the
 * deployed promtool.
 */
export const reservedRemoteWriteHeaders: readonly string[] = [
  "authorization",
  "host",
  "content-encoding",
  "content-length",
  "content-type",
  "user-agent",
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "www-authenticate",
  "accept-encoding",
  "x-prometheus-remote-write-version",
  "x-prometheus-remote-read-version",
];

const remoteWrite = z.strictObject({
  /** Name of the endpoint, shown in Prometheus' remote-write metrics. */
  name: dnsLabel,
  /** Push URL of Mimir, Thanos Receive, Cortex or any remote-write receiver. */
  url: httpUrl,
  /** Basic auth; the password is a secret config key. */
  basicAuth: z.strictObject({ username: text("prometheus"), passwordSecret: secretKeyName }).optional(),
  /** Bearer token from a secret config key. */
  bearerTokenSecret: secretKeyName.optional(),
  /** Extra headers, e.g. `X-Scope-OrgID` for a multi-tenant Mimir. */
  headers: z
    .record(
      z
        .string()
        .regex(/^[A-Za-z0-9-]+$/, { error: "must be an HTTP header name such as X-Scope-OrgID", abort: true })
        .refine(
          (name) => !reservedRemoteWriteHeaders.includes(name.toLowerCase()),
          "is set by Prometheus itself (credentials go in basicAuth or bearerTokenSecret)",
        ),
      text("tenant-1"),
    )
    .optional(),
  /** Queue tuning; Prometheus' own defaults apply to what is left out. */
  queue: z
    .strictObject({
      capacity: z.int().min(1).optional(),
      maxShards: z.int().min(1).optional(),
      minShards: z.int().min(1).optional(),
      maxSamplesPerSend: z.int().min(1).optional(),
      batchSendDeadline: duration.optional(),
      minBackoff: duration.optional(),
      maxBackoff: duration.optional(),
    })
    .optional(),
});
export type RemoteWrite = z.infer<typeof remoteWrite>;

const prometheus = z.strictObject({
  replicas,
  scrapeInterval: duration,
  scrapeTimeout: duration,
  evaluationInterval: duration,
  retention: z.strictObject({ time: duration, size: byteSize }),
  /** Volume size per replica. */
  storageSize: quantity,
  externalLabels: z.record(labelName, text("eu-west-1")),
  remoteWrite: z.array(remoteWrite),
  resources,
});

const alertmanager = z.strictObject({
  replicas,
  storageSize: quantity,
  resources,
});

const pagerduty = z.strictObject({
  /** Config key holding the Events API v2 routing key. */
  routingKeySecret: secretKeyName,
  /** Override the PagerDuty severity; by default the alert's `severity` label. */
  severity: z.enum(["critical", "error", "warning", "info"]).optional(),
});

const slack = z.strictObject({
  /** Config key holding the incoming-webhook URL. */
  webhookUrlSecret: secretKeyName,
  channel: z
    .string()
    .regex(/^[#@]?[\w.-]+$/, "must be a Slack channel such as #alerts")
    .optional(),
});

const email = z.strictObject({
  to: emailAddress,
  from: emailAddress,
  /** SMTP server as host:port. */
  smarthost: hostPort,
  authUsername: text("alerts@example.com").optional(),
  /** Config key holding the SMTP password. */
  authPasswordSecret: secretKeyName.optional(),
  requireTls: z.boolean().default(true),
});

const webhook = z.strictObject({
  /** Config key holding the URL (webhook URLs often carry a token). */
  urlSecret: secretKeyName,
  sendResolved: z.boolean().default(true),
});

const receiver = z.strictObject({
  name: dnsLabel,
  pagerduty: pagerduty.optional(),
  slack: slack.optional(),
  email: email.optional(),
  webhook: webhook.optional(),
});
export type Receiver = z.infer<typeof receiver>;

const route = z.strictObject({
  receiver: dnsLabel,
  matchers: z.array(matcher).min(1, "needs at least one matcher; use defaultReceiver for a catch-all"),
  groupBy: z.array(groupingLabel).optional(),
  groupWait: duration.optional(),
  groupInterval: duration.optional(),
  repeatInterval: duration.optional(),
  /** Keep matching later routes after this one (send to several receivers). */
  continue: z.boolean().default(false),
});
export type Route = z.infer<typeof route>;

const inhibition = z.strictObject({
  sourceMatchers: z.array(matcher).min(1),
  targetMatchers: z.array(matcher).min(1),
  equal: z.array(labelName).default([]),
});
export type Inhibition = z.infer<typeof inhibition>;

const alerting = z.strictObject({
  receivers: z.array(receiver),
  routes: z.array(route),
  /** Receiver for alerts no route matches. */
  defaultReceiver: dnsLabel,
  groupBy: z.array(groupingLabel),
  groupWait: duration,
  groupInterval: duration,
  repeatInterval: duration,
  inhibitions: z.array(inhibition),
  /**
   * Where the runbooks are published (e.g. your fork's docs/runbooks on your
   * Git host); rule files link `docs/runbooks/<pack>/<Alert>.md` and the
   * link is rewritten to `<runbookBaseUrl>/<pack>/<Alert>.md` when this is set.
   */
  runbookBaseUrl: httpUrl.optional(),
});
export type Alerting = z.infer<typeof alerting>;

const grafana = z.strictObject({
  /** `deploy` runs Grafana in the stack; `external` pushes into an existing one. */
  mode: z.enum(["deploy", "external"]),
  adminUser: text("admin"),
  /** Config key of the admin password; generated when absent and the environment allows it. */
  adminPasswordSecret: secretKeyName,
  /** Config key of Grafana's `secret_key`; generated once and kept in state when absent. */
  secretKeySecret: secretKeyName,
  storageSize: quantity,
  resources,
  external: z
    .strictObject({
      url: httpUrl,
      /** Config key of a service-account token with Editor rights on the folder. */
      authSecret: secretKeyName,
      /** URLs under which that Grafana reaches this stack's Prometheus, Alertmanager, Jaeger. */
      datasourceUrls: z.strictObject({ prometheus: httpUrl, alertmanager: httpUrl, jaeger: httpUrl.optional() }),
      folder: text("Observability").default("Observability"),
    })
    .optional(),
});

const jaeger = z.strictObject({
  enabled: z.boolean(),
  storage: z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("memory"), maxTraces: z.int().min(1000).default(100000) }),
    z.strictObject({ type: z.literal("badger"), ttl: duration.default("72h"), storageSize: quantity.default("20Gi") }),
    z.strictObject({
      type: z.enum(["elasticsearch", "opensearch"]),
      urls: z.array(httpUrl).min(1),
      username: text("jaeger").optional(),
      passwordSecret: secretKeyName.optional(),
      indexPrefix: z
        .string()
        .regex(/^[a-z0-9-]*$/, "must be lower-case letters, digits and '-', such as jaeger")
        .default("jaeger"),
    }),
  ]),
  resources,
});
export type JaegerStorage = z.infer<typeof jaeger>["storage"];

const exporters = z.strictObject({
  nodeExporter: z.boolean(),
  cadvisor: z.boolean(),
  kubeStateMetrics: z.boolean(),
  blackbox: z.boolean(),
  /**
   * One postgres-exporter per database. `dsnSecret` names a secret config key
   * holding the connection URI *without* its `postgresql://` scheme, with the
   * credentials as query parameters (`db:5432/app?sslmode=require&user=exporter&password=…`):
   * postgres_exporter reads it from a file (DATA_SOURCE_URI_FILE) and adds the scheme.
   */
  postgres: z.array(
    z.strictObject({
      name: dnsLabel,
      dsnSecret: secretKeyName,
      /** How often to scrape this exporter, e.g. 30s; the global interval when absent. */
      scrapeInterval: duration.optional(),
    }),
  ),
  /** One redis-exporter per instance. */
  redis: z.array(
    z.strictObject({
      name: dnsLabel,
      address: hostPort,
      passwordSecret: secretKeyName.optional(),
      /** How often to scrape this exporter, e.g. 30s; the global interval when absent. */
      scrapeInterval: duration.optional(),
    }),
  ),
});

const service = z.strictObject({
  /** Becomes the scrape job name and the `service` label. */
  name: dnsLabel,
  /** Static scrape targets (host:port). */
  targets: z.array(hostPort).min(1, "needs at least one host:port target"),
  metricsPath: z
    .string()
    .regex(/^\/[^\s?#]*$/, "must be a URL path starting with /, such as /metrics")
    .default("/metrics"),
  scheme: z.enum(["http", "https"]).default("http"),
  scrapeInterval: duration.optional(),
  scrapeTimeout: duration.optional(),
  /** Health URL probed by the blackbox exporter (e.g. http://api:8080/health). */
  healthUrl: httpUrl.optional(),
  /** Extra target labels, e.g. team or tier. */
  labels: z.record(labelName, text("payments")).default({}),
});
export type MonitoredService = z.infer<typeof service>;

const ingressHosts = z.strictObject({
  grafana: hostName,
  prometheus: hostName,
  alertmanager: hostName,
  jaeger: hostName,
});

const kubernetes = z.strictObject({
  namespace: dnsLabel,
  storageClass: objectName.meta({ examples: ["standard"] }).optional(),
  ingress: z.strictObject({
    enabled: z.boolean(),
    className: objectName.meta({ examples: ["nginx"] }),
    /** Namespace of the Ingress controller, allowed through the NetworkPolicies. */
    controllerNamespace: dnsLabel,
    /** Hostnames default to `<component>.<domain>`. */
    domain: z
      .string()
      .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/, "must be a DNS domain such as obs.example.com")
      .optional(),
    hosts: ingressHosts.partial().default({}),
    annotations: z.record(annotationKey, z.string().meta({ examples: ["50m"] })).default({}),
  }),
  serviceDiscovery: z.strictObject({
    /** Namespaces whose annotated pods are scraped; empty means all. */
    namespaces: z.array(dnsLabel),
  }),
});

const dockerPorts = z.strictObject({
  grafana: z.int().min(1024).max(65535),
  prometheus: z.int().min(1024).max(65535),
  alertmanager: z.int().min(1024).max(65535),
  jaeger: z.int().min(1024).max(65535),
  otlpGrpc: z.int().min(1024).max(65535),
  otlpHttp: z.int().min(1024).max(65535),
});

const docker = z.strictObject({
  /** Published ports, always on 127.0.0.1. */
  ports: dockerPorts,
  /** Prefix of container, network and volume names; defaults to the stack name. */
  namePrefix: dnsLabel.optional(),
});

/** The roles that serve TLS and may need a certificate. */
export const tlsRoles = [
  "prometheus",
  "alertmanager",
  "grafana",
  "jaeger",
  "jaeger-proxy",
  "node-exporter",
  "kube-state-metrics",
  "blackbox-exporter",
] as const;
/** The per-instance database exporters, which serve TLS too. */
export type ExporterTlsRole = `postgres-exporter-${string}` | `redis-exporter-${string}`;
export type TlsRole = (typeof tlsRoles)[number] | ExporterTlsRole;

/** True for the name of a role that serves TLS when it is on (a stack role or a database exporter). */
export function isTlsRole(role: string): role is TlsRole {
  return (tlsRoles as readonly string[]).includes(role) || /^(postgres|redis)-exporter-[a-z]/.test(role);
}

const tls = z.discriminatedUnion("mode", [
  /** Plain HTTP inside the network (dev only). */
  z.strictObject({ mode: z.literal("none") }),
  /**
   * A CA and one certificate per service made with @pulumi/tls and kept in
   * the stack's state; SANs cover every name the service is reached by.
   */
  z.strictObject({
    mode: z.literal("selfSigned"),
    /** Certificate lifetime; `pulumi up` renews a certificate inside its early-renewal window. */
    validityHours: z.int().min(24).max(87600).default(8760),
    earlyRenewalHours: z.int().min(1).default(720),
  }),
  /** cert-manager `Certificate`s from an existing issuer (Kubernetes only). */
  z.strictObject({
    mode: z.literal("certManager"),
    issuer: z.strictObject({
      name: objectName.meta({ examples: ["letsencrypt-prod"] }),
      kind: z.enum(["Issuer", "ClusterIssuer"]).default("ClusterIssuer"),
      group: hostName.default("cert-manager.io"),
    }),
    /** Certificate lifetime, a Go duration in hours such as 2160h. */
    duration: z
      .string()
      .regex(/^\d+h$/, "must be whole hours such as 2160h")
      .default("2160h"),
    renewBefore: z
      .string()
      .regex(/^\d+h$/, "must be whole hours such as 360h")
      .default("360h"),
  }),
  /**
   * Existing `kubernetes.io/tls` Secrets in the stack's namespace, one per
   * role, each with `tls.crt`, `tls.key` and `ca.crt` (Kubernetes only).
   */
  z.strictObject({
    mode: z.literal("provided"),
    /** Secret name by role: the stack's roles and `postgres-exporter-<name>`/`redis-exporter-<name>`. */
    secrets: z.record(text("prometheus"), objectName),
  }),
]);
export type TlsSettings = z.infer<typeof tls>;

const oidc = z.strictObject({
  /** Issuer base URL, e.g. https://login.example.com/realms/ops. */
  issuerUrl: httpUrl,
  authUrl: httpUrl,
  tokenUrl: httpUrl,
  apiUrl: httpUrl,
  clientId: text("observability"),
  /** Config key of the OAuth client secret. */
  clientSecretSecret: secretKeyName,
  scopes: z.array(text("openid")).default(["openid", "profile", "email"]),
});

const auth = z.strictObject({
  /**
   * Basic auth on Prometheus, Alertmanager and the exporters, through their
   * web config (bcrypt hashes); every client in the stack sends it.
   */
  basicAuth: z.strictObject({
    enabled: z.boolean(),
    username: z.string().regex(/^[A-Za-z0-9._-]+$/, "must be letters, digits, '.', '_' or '-', such as prometheus"),
    /** Config key of the password; generated once and kept in state when absent. */
    passwordSecret: secretKeyName,
  }),
  /** Generic OAuth / OIDC login for Grafana (PKCE on). */
  grafanaOidc: oidc
    .extend({
      /** JMESPath mapping claims to Admin/Editor/Viewer, e.g. contains(groups[*], 'ops') && 'Admin' || 'Viewer'. */
      roleAttributePath: text("contains(groups[*], 'ops') && 'Admin' || 'Viewer'").optional(),
      /** Keep the login form for the admin user as a break-glass path. */
      disableLoginForm: z.boolean().default(false),
    })
    .optional(),
  /** oauth2-proxy in front of the Jaeger UI, which has no auth of its own. */
  jaegerProxy: oidc
    .extend({
      /** Config key of the 32-byte cookie secret; generated once when absent. */
      cookieSecretSecret: secretKeyName.default("jaegerProxyCookieSecret"),
      /** Email domains allowed in; `*` for any authenticated user. */
      emailDomains: z.array(text("example.com")).min(1),
    })
    .optional(),
});
export type AuthSettings = z.infer<typeof auth>;

const versions = z
  .record(
    z.string(),
    z
      .string()
      .regex(
        /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+(:[\w.-]+)?(@sha256:[a-f0-9]{64})?$/,
        "must be a full image reference such as quay.io/prometheus/prometheus:v3.5.0",
      ),
  )
  .superRefine((table, ctx) => {
    for (const [key, image] of Object.entries(table)) {
      if (!imageNames.includes(key as ImageName)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `unknown image '${key}'; known images: ${imageNames.join(", ")}`,
        });
      } else if (!/(:[\w.-]+|@sha256:[a-f0-9]{64})$/.test(image) || /:latest$/.test(image)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          input: image,
          message: "must be pinned to an exact tag or digest (not latest)",
        });
      }
    }
  });

/**
 * One enabled pack: its name alone, or the name with where its services run
 * and which of the stack's receivers get its alerts.
 */
const packSelection = z.union(
  [
    text("hitl").transform(
      (
        name,
      ): {
        name: string;
        namespace?: string;
        targets: Record<string, string[]>;
        receivers: Record<string, string>;
      } => ({
        name,
        targets: {},
        receivers: {},
      }),
    ),
    z.strictObject({
      name: text("hitl"),
      /**
       * Kubernetes namespace of the system's Services: default targets are
       * `<job>.<namespace>.svc:<port>` (Docker: `host.docker.internal:<port>`).
       */
      namespace: z
        .string()
        .max(63, "must be at most 63 characters")
        .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a Kubernetes namespace name such as hitl-prod")
        .optional(),
      /** host:port targets by the pack's job name, replacing the default target. */
      targets: z.record(text("hitl-api"), z.array(hostPort).min(1, "needs at least one host:port target")).default({}),
      /** This stack's receiver for each receiver role the pack's routes name (e.g. pager: oncall). */
      receivers: z.record(text("pager"), dnsLabel).default({}),
    }),
  ],
  { error: "must be a pack name or {name, namespace?, targets?, receivers?}" },
);
export type PackSelection = z.infer<typeof packSelection>;

export const stackSettingsSchema = z.strictObject({
  environment: z.enum(environments),
  target: z.enum(targets),
  /** Packs of scrape jobs, rules and dashboards to enable by name. */
  packs: z.array(packSelection),
  services: z.array(service),
  versions,
  prometheus,
  alertmanager,
  alerting,
  grafana,
  jaeger,
  exporters,
  kubernetes,
  docker,
  tls,
  auth,
});

/** A stack's settings after profile defaults and validation. */
export type StackSettings = z.infer<typeof stackSettingsSchema>;

/** The top-level config keys the schema knows, for unknown-key detection. */
export const topLevelKeys = Object.keys(stackSettingsSchema.shape);
