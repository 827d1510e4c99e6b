import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { environmentConfigSchema, environmentOf } from "../environment";
import { configFilesOf, documentEntries, parseDocuments } from "../shapes/documents";
import { hasFlag, flagValues } from "../shapes/flags";
import { asString, asStringMap, at, type JsonObject } from "../shapes/json";
import {
  commandLine,
  containersOf,
  describeObject,
  envValue,
  imageRepositoryName,
  ingressRoutes,
  ingressTlsEntries,
  isWorkloadType,
  kubernetesTypes,
  objectName,
  objectNamespace,
  podLabelsOf,
  podSpecOf,
  routeHasTls,
  routesWithoutTls,
} from "../shapes/kubernetes";
import { addressPort, prometheusHops, serviceNamespace } from "../shapes/prometheusConfig";

/**
 * TLS in prod, every hop: the servers (Prometheus, Alertmanager, exporters)
 * serve it through their web config, Alertmanager's gossip through its
 * cluster TLS config, browsers reach the UIs through Ingresses that
 * terminate it, Grafana serves it (or sits behind such an Ingress), and
 * Prometheus uses https for every service of the stack that supports it.
 * Outside dev, nothing turns certificate verification off.
 */

/**
 * Flags that give a server its TLS: the exporter-toolkit web config
 * (Prometheus, Alertmanager, node-exporter, blackbox-exporter,
 * postgres-exporter), kube-state-metrics' name for the same file, and
 * redis_exporter's own certificate flag.
 */
export const tlsServerFlags = ["web.config.file", "tls-config", "tls-server-cert-file"] as const;

/** True for images that serve metrics or a UI the stack reaches and that can serve TLS themselves. */
function servesTlsItself(image: string): boolean {
  const name = imageRepositoryName(image);
  return name === "prometheus" || name === "alertmanager" || name === "kube-state-metrics" || /exporter$/.test(name);
}

/** Why a prod workload's servers do not serve TLS, one line per container. */
export function serverTlsProblems(podSpec: JsonObject): string[] {
  return containersOf(podSpec).flatMap(({ container, list, name }) => {
    const image = asString(container["image"]) ?? "";
    if (!servesTlsItself(image)) return [];
    const args = commandLine(container);
    const problems: string[] = [];
    if (!tlsServerFlags.some((flag) => hasFlag(args, flag))) {
      problems.push(
        `${list} '${name}' (${imageRepositoryName(image)}) serves plain HTTP: give it --web.config.file with tls_server_config (--tls-config for kube-state-metrics)`,
      );
    }
    if (flagValues(args, "cluster.peer").length > 0 && !hasFlag(args, "cluster.tls-config")) {
      problems.push(`${list} '${name}' gossips with its peers in clear text: give it --cluster.tls-config`);
    }
    return problems;
  });
}

export const tlsOnServers: ResourceValidationPolicy = {
  name: "tls-on-servers",
  description:
    "In prod, Prometheus, Alertmanager and the exporters serve TLS (--web.config.file, --tls-config) and Alertmanager peers gossip over TLS (--cluster.tls-config).",
  enforcementLevel: "mandatory",
  configSchema: environmentConfigSchema,
  validateResource: (args, reportViolation) => {
    if (environmentOf(args) !== "prod" || !isWorkloadType(args.type)) return;
    const podSpec = podSpecOf(args.type, args.props);
    if (podSpec === undefined) return;
    for (const problem of serverTlsProblems(podSpec)) {
      reportViolation(`${describeObject(args.type, args.props, args.name)}: ${problem}`);
    }
  },
};

export const tlsOnIngresses: ResourceValidationPolicy = {
  name: "tls-on-ingresses",
  description: "In prod, every Ingress has a tls section that covers each of its hosts.",
  enforcementLevel: "mandatory",
  configSchema: environmentConfigSchema,
  validateResource: (args, reportViolation) => {
    if (environmentOf(args) !== "prod" || args.type !== kubernetesTypes.ingress) return;
    const uncovered = routesWithoutTls(args.props);
    if (uncovered.length === 0) return;
    const hosts = uncovered.map((route) => route.host ?? "(any host)").join(", ");
    reportViolation(
      `${describeObject(args.type, args.props, args.name)}: no TLS for ${hosts}; add spec.tls with a certificate secret for each host`,
    );
  },
};

/** Protocols with which Grafana serves TLS itself (`[server] protocol`). */
const grafanaTlsProtocols = ["https", "h2"];

/** True when some Ingress with TLS for its host routes to a Service that selects these pod labels. */
function behindTlsIngress(resources: readonly PolicyResource[], namespace: string, podLabels: Record<string, string>) {
  const services = resources
    .filter((resource) => resource.type === kubernetesTypes.service && objectNamespace(resource.props) === namespace)
    .filter((resource) => {
      const selector = Object.entries(asStringMap(at(resource.props, "spec", "selector")));
      return selector.length > 0 && selector.every(([key, value]) => podLabels[key] === value);
    })
    .flatMap((resource) => objectName(resource.props) ?? []);
  return resources
    .filter((resource) => resource.type === kubernetesTypes.ingress && objectNamespace(resource.props) === namespace)
    .some((ingress) => {
      const tls = ingressTlsEntries(ingress.props);
      return ingressRoutes(ingress.props).some(
        (route) => routeHasTls(tls, route) && route.services.some((service) => services.includes(service)),
      );
    });
}

export const grafanaServesHttps: StackValidationPolicy = {
  name: "grafana-serves-https",
  description:
    "In prod, Grafana serves https (GF_SERVER_PROTOCOL=https or h2) or is reached through an Ingress that terminates TLS for it.",
  enforcementLevel: "mandatory",
  configSchema: environmentConfigSchema,
  validateStack: (args, reportViolation) => {
    if (environmentOf(args) !== "prod") return;
    for (const resource of args.resources) {
      const podSpec = podSpecOf(resource.type, resource.props);
      if (podSpec === undefined) continue;
      for (const { container, name } of containersOf(podSpec)) {
        if (imageRepositoryName(asString(container["image"]) ?? "") !== "grafana") continue;
        const protocol = envValue(container, "GF_SERVER_PROTOCOL") ?? "http";
        if (grafanaTlsProtocols.includes(protocol)) continue;
        const labels = podLabelsOf(resource.type, resource.props);
        if (behindTlsIngress(args.resources, objectNamespace(resource.props), labels)) continue;
        reportViolation(
          `${describeObject(resource.type, resource.props, resource.name)}: container '${name}' serves Grafana over ${protocol} and no Ingress with TLS routes to it; set GF_SERVER_PROTOCOL=https with a certificate, or put it behind a TLS Ingress`,
          resource.urn,
        );
      }
    }
  },
};

/**
 * Stack endpoints that cannot serve TLS, each with the reason. Prometheus
 * scrapes them over http; nothing else of the stack may.
 */
export const plainHttpExceptions = [
  {
    service: "jaeger",
    port: 8888,
    reason:
      "Jaeger's own metrics come from the OpenTelemetry Collector's Prometheus reader (service.telemetry), which has no TLS setting",
  },
] as const;

function isException(address: string): boolean {
  const service = address.split(".")[0];
  const port = addressPort(address);
  return plainHttpExceptions.some((exception) => exception.service === service && exception.port === port);
}

/**
 * The hops of a prometheus.yml that reach the stack's own namespaces over
 * plain http. The stack's namespaces are the ConfigMap's own and its
 * `-host` companion (node-exporter's, see docs/decisions.md).
 */
export function plainHttpHops(config: unknown, namespace: string): string[] {
  const stackNamespaces = [namespace, `${namespace}-host`];
  return prometheusHops(config)
    .filter((hop) => hop.scheme !== "https")
    .flatMap((hop) => {
      const internal = hop.addresses.filter((address) => stackNamespaces.includes(serviceNamespace(address) ?? ""));
      const offending = internal.filter((address) => !isException(address));
      const discovered = hop.discoveryNamespaces.filter((ns) => stackNamespaces.includes(ns));
      if (offending.length === 0 && discovered.length === 0) return [];
      const what = [...offending, ...discovered.map((ns) => `pods discovered in ${ns}`)].join(", ");
      return [`${hop.label} reaches ${what} over ${hop.scheme}`];
    });
}

export const prometheusUsesTls: ResourceValidationPolicy = {
  name: "prometheus-uses-tls",
  description:
    "In prod, prometheus.yml scrapes the stack's own services and delivers alerts over https (except endpoints that cannot serve TLS, listed with their reason).",
  enforcementLevel: "mandatory",
  configSchema: environmentConfigSchema,
  validateResource: (args, reportViolation) => {
    if (environmentOf(args) !== "prod") return;
    const content = configFilesOf(args.type, args.props)?.get("prometheus.yml");
    if (content === undefined) return;
    const namespace = objectNamespace(args.props);
    for (const document of parseDocuments(content)) {
      for (const hop of plainHttpHops(document, namespace)) {
        reportViolation(
          `${describeObject(args.type, args.props, args.name)} prometheus.yml: ${hop}; set scheme: https with tls_config.ca_file`,
        );
      }
    }
  },
};

/** Keys that turn certificate verification off: Prometheus/Alertmanager/OTel and Grafana spellings. */
const skipVerifyKeys = ["insecure_skip_verify", "insecureSkipVerify", "tlsSkipVerify", "tls_skip_verify"];

/** Where the files of a ConfigMap or Secret turn certificate verification off, as `file: path`. */
export function skipVerifyFindings(files: ReadonlyMap<string, string>): string[] {
  return [...files].flatMap(([file, content]) =>
    parseDocuments(content).flatMap((document) =>
      documentEntries(document)
        .filter((entry) => skipVerifyKeys.includes(entry.key) && (entry.value === true || entry.value === "true"))
        .map((entry) => `${file}: ${entry.path}`),
    ),
  );
}

export const noInsecureSkipVerify: ResourceValidationPolicy = {
  name: "no-insecure-skip-verify",
  description:
    "Outside dev, no configuration file in a ConfigMap or Secret turns TLS certificate verification off (insecure_skip_verify, tlsSkipVerify).",
  enforcementLevel: "mandatory",
  configSchema: environmentConfigSchema,
  validateResource: (args, reportViolation) => {
    if (environmentOf(args) === "dev") return;
    const files = configFilesOf(args.type, args.props);
    if (files === undefined) return;
    for (const finding of skipVerifyFindings(files)) {
      reportViolation(
        `${describeObject(args.type, args.props, args.name)} ${finding} is true; verify against the stack's CA (ca_file / tlsCACert) instead`,
      );
    }
  },
};
