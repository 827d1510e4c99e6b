import { z } from "zod";

/**
 * Value formats shared by the settings schema. Each one says in its message
 * what a valid value looks like, because that message is what a user reads
 * when `pulumi up` refuses their stack file.
 */

/** A Prometheus duration such as `30s`, `5m`, `1h30m` or `15d` (never zero). */
export const duration = z
  .string()
  .regex(
    /^(?!$)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/,
    // abort: a value that is no duration at all gets one message, not two.
    { error: "must be a Prometheus duration such as 30s, 5m, 1h30m or 15d", abort: true },
  )
  .refine((value) => /[1-9]/.test(value), "must be longer than zero")
  .meta({ examples: ["30s"] });

/** A Prometheus byte size for `--storage.tsdb.retention.size`, e.g. `10GB`. */
export const byteSize = z
  .string()
  .regex(/^\d+(B|KB|MB|GB|TB|PB|EB)$/, "must be a size with a unit such as 512MB, 10GB or 1TB")
  .meta({ examples: ["10GB"] });

/** A Kubernetes quantity for volumes and memory, e.g. `20Gi`, `512Mi`. */
// The unit is required: a bare number is bytes to Kubernetes and Docker, and
// "4096" meant as MiB would give a container 4 KiB and kill it at start.
export const quantity = z
  .string()
  .regex(
    /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)$/,
    "must be a Kubernetes quantity with a unit such as 512Mi, 20Gi or 1Ti (a bare number would be bytes)",
  )
  .meta({ examples: ["512Mi"] });

/** A Kubernetes CPU quantity, e.g. `250m` or `2`. */
export const cpuQuantity = z
  .string()
  .regex(/^\d+(\.\d+)?m?$/, "must be a CPU quantity such as 250m, 1 or 1.5")
  .meta({ examples: ["250m"] });

/**
 * A lower-case DNS label: it becomes a scrape job name, a container name and
 * a Kubernetes object name, so it must be valid as all three.
 */
export const dnsLabel = z
  .string()
  .max(40, "must be at most 40 characters (it is combined with other names)")
  .regex(
    /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    "must be lower-case letters, digits and '-', starting with a letter (a DNS label)",
  )
  .meta({ examples: ["api"] });

function isPort(text: string): boolean {
  const port = Number(text);
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** A `host:port` scrape or probe address. */
export const hostPort = z
  .string()
  .regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?):\d{1,5}$/, {
    error: "must be host:port, e.g. api.apps.svc:8080 or 10.0.0.5:9100",
    abort: true,
  })
  .refine((address) => isPort(address.slice(address.lastIndexOf(":") + 1)), "must have a port from 1 to 65535")
  .meta({ examples: ["api.apps.svc:8080"] });

/** An absolute http(s) URL. */
export const httpUrl = z
  .string()
  .regex(/^https?:\/\/[^\s/$.?#][^\s]*$/, { error: "must be an http:// or https:// URL", abort: true })
  // The WHATWG parser is what Node, Prometheus' and Grafana's clients agree
  // on closely enough: it rejects ports above 65535 and malformed hosts.
  .refine(
    (url) => URL.canParse(url),
    "must be a valid URL such as https://api.example.com/health (check the host and the port, 1 to 65535)",
  )
  .meta({ examples: ["https://api.example.com/health"] });

/** A Prometheus label name. */
export const labelName = z
  .string()
  .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)")
  .refine((name) => !name.startsWith("__"), "label names starting with __ are reserved")
  .meta({ examples: ["team"] });

/** A Prometheus metric name. */
export const metricName = z
  .string()
  .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)")
  .meta({ examples: ["http_requests_total"] });

/** An Alertmanager matcher such as `severity="critical"` or `team=~"db|api"`. */
export const matcher = z
  .string()
  .regex(
    /^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"(?:[^"\\]|\\.)*"\s*$/,
    'must be an Alertmanager matcher such as severity="critical" or team=~"db|api" (value in double quotes)',
  )
  .meta({ examples: ['severity="critical"'] });

/**
 * The name of another config key that holds a secret, set with
 * `pulumi config set --secret <name> <value>`. Secrets are referenced by name
 * so that the structure of the stack config stays readable in diffs.
 */
export const secretKeyName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "must name a config key ([A-Za-z][A-Za-z0-9_]*)")
  .meta({ examples: ["slackWebhookUrl"] });

/**
 * A non-empty text value with an example, for strings that have no format of
 * their own: the example is what a user is shown when the value is wrong.
 */
export function text(example: string): z.ZodString {
  return z
    .string()
    .min(1, "must not be empty")
    .meta({ examples: [example] });
}

/** Kubernetes object name (a DNS subdomain). */
export const objectName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a Kubernetes object name such as prometheus-tls")
  .max(253, "must be at most 253 characters")
  .meta({ examples: ["prometheus-tls"] });

/** A DNS name such as grafana.obs.example.com (an Ingress host, an API group). */
export const hostName = z
  .string()
  .max(253, "must be at most 253 characters")
  .regex(
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    "must be a lower-case DNS name such as grafana.obs.example.com",
  )
  .meta({ examples: ["grafana.obs.example.com"] });

/** A Kubernetes annotation key: an optional DNS prefix and a name, e.g. nginx.ingress.kubernetes.io/proxy-body-size. */
export const annotationKey = z
  .string()
  .regex(
    /^(([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
    "must be an annotation key such as nginx.ingress.kubernetes.io/proxy-body-size",
  )
  .meta({ examples: ["nginx.ingress.kubernetes.io/proxy-body-size"] });

/** An email address, for SMTP senders and recipients. */
export const emailAddress = z
  .string()
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an email address such as oncall@example.com")
  .meta({ examples: ["oncall@example.com"] });

/** A label Alertmanager groups by: a label name, or `...` for every label. */
export const groupingLabel = z.union([z.literal("..."), labelName], {
  error: "must be a label name such as alertname, or ... to group by every label",
});
