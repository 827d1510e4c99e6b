import { asObject, asObjects, asString, asStrings, at, type JsonObject } from "./json";

/**
 * Reading prometheus.yml for the hops Prometheus makes to the stack's own
 * services (scrapes and alert delivery), to see which go over plain HTTP.
 */

/** One endpoint list Prometheus talks to: a scrape job or an Alertmanager set. */
export interface PrometheusHop {
  /** `job 'grafana'` or `alerting.alertmanagers[0]`. */
  readonly label: string;
  /** `http` unless the config says otherwise (Prometheus' default). */
  readonly scheme: string;
  /** Static `host:port` addresses, including an `__address__` that relabelling forces. */
  readonly addresses: string[];
  /** Namespaces the Kubernetes service discovery of this hop looks in. */
  readonly discoveryNamespaces: string[];
}

/** `host:port` of a target, which may be a URL for probe jobs (`http://api:8080/health`). */
function addressOf(target: string): string {
  const withoutScheme = target.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  return withoutScheme.split("/")[0];
}

function hopOf(label: string, config: JsonObject): PrometheusHop {
  const staticTargets = asObjects(config["static_configs"]).flatMap((group) => asStrings(group["targets"]));
  const forcedAddresses = asObjects(config["relabel_configs"])
    .filter((rule) => rule["target_label"] === "__address__" && rule["source_labels"] === undefined)
    .flatMap((rule) => asString(rule["replacement"]) ?? []);
  // A job that rewrites __address__ from a fixed replacement sends every request there.
  const addresses = forcedAddresses.length > 0 ? forcedAddresses : staticTargets.map(addressOf);
  const discoveryNamespaces = asObjects(config["kubernetes_sd_configs"]).flatMap((sd) =>
    asStrings(at(sd, "namespaces", "names")),
  );
  return { label, scheme: asString(config["scheme"]) ?? "http", addresses, discoveryNamespaces };
}

/** Every scrape job and Alertmanager set of a parsed prometheus.yml. */
export function prometheusHops(config: unknown): PrometheusHop[] {
  const root = asObject(config) ?? {};
  const jobs = asObjects(root["scrape_configs"]).map((job) => hopOf(`job '${asString(job["job_name"]) ?? "?"}'`, job));
  const alertmanagers = asObjects(at(root, "alerting", "alertmanagers")).map((set, index) =>
    hopOf(`alerting.alertmanagers[${index}]`, set),
  );
  return [...jobs, ...alertmanagers];
}

/** The namespace in a Kubernetes service name (`svc.ns.svc`, `pod.svc.ns.svc.cluster.local`), if any. */
export function serviceNamespace(address: string): string | undefined {
  const host = address.replace(/:\d+$/, "");
  const labels = host.split(".");
  const svc = labels.lastIndexOf("svc");
  return svc >= 2 ? labels[svc - 1] : undefined;
}

/** The port of a `host:port` address, if given. */
export function addressPort(address: string): number | undefined {
  const match = /:(\d+)$/.exec(address);
  return match === null ? undefined : Number(match[1]);
}
