import { z } from "zod";
import { annotationKey, dnsLabel, hostName, objectName } from "../formats";
import { runsOnKubernetes, type Environment } from "./environments";

/** Where the stack runs: Kubernetes (namespace, storage, Ingress) and Docker (ports, names). */

const ingressHosts = z.strictObject({
  grafana: hostName,
  prometheus: hostName,
  alertmanager: hostName,
  jaeger: hostName,
});

export const kubernetes = z.strictObject({
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

export const docker = z.strictObject({
  /** Published ports, always on 127.0.0.1. */
  ports: dockerPorts,
  /** Prefix of container, network and volume names; defaults to the stack name. */
  namePrefix: dnsLabel.optional(),
});

/** Kubernetes placement defaults in one environment: a namespace per environment, Ingress on (see profiles.ts). */
export function kubernetesDefaults(environment: Environment) {
  return {
    namespace: `observability-${environment}`,
    ingress: {
      enabled: runsOnKubernetes(environment),
      className: "nginx",
      controllerNamespace: "ingress-nginx",
      hosts: {},
      annotations: {},
    },
    serviceDiscovery: { namespaces: [] },
  };
}

/** The ports Docker publishes on 127.0.0.1, each UI's usual one (see profiles.ts). */
export function dockerDefaults() {
  return {
    ports: { grafana: 3000, prometheus: 9090, alertmanager: 9093, jaeger: 16686, otlpGrpc: 4317, otlpHttp: 4318 },
  };
}
