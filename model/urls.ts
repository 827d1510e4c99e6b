import type { StackSettings } from "../settings/schema";
import { ports, roles, serviceAddress, serviceHost, uiHost, type UiRole } from "./addresses";
import { tlsEnabled } from "./tls";
import { targetTraits } from "./targetTraits";

/** The in-stack port each UI listens on. */
const uiPorts: Record<UiRole, number> = {
  grafana: ports.grafana,
  prometheus: ports.prometheus,
  alertmanager: ports.alertmanager,
  jaeger: ports.jaegerQuery,
};

/**
 * The URL a person opens for a UI, which the UI also needs to know about
 * itself (`--web.external-url`, Grafana's `root_url`) so that the links it
 * sends out (alert generator URLs, silence links) work from a browser:
 * - Docker: the port published on 127.0.0.1 (`docker.ports.<role>`), https with TLS on.
 * - Kubernetes with Ingress: `https://` and the Ingress host, as the
 *   Kubernetes platform reports it (controllers serve 443 with their default
 *   certificate even when the stack manages none).
 * - Kubernetes without Ingress: the in-cluster Service (https with TLS on),
 *   reachable through `kubectl port-forward` or from other pods.
 */
export function uiUrl(settings: Pick<StackSettings, "target" | "kubernetes" | "docker" | "tls">, role: UiRole): string {
  // With TLS on, every UI serves https itself, also where no Ingress fronts it.
  const scheme = tlsEnabled(settings) ? "https" : "http";
  if (targetTraits(settings).loopbackUis) return `${scheme}://127.0.0.1:${settings.docker.ports[role]}/`;
  if (settings.kubernetes.ingress.enabled) return `https://${uiHost(settings, role)}/`;
  return `${scheme}://${serviceHost(settings, role)}:${uiPorts[role]}/`;
}

/** `scheme://host:port` of a role's service inside the stack, https when TLS is on. */
export function serviceUrl(
  settings: Pick<StackSettings, "target" | "kubernetes" | "tls">,
  role: string,
  port: number,
): string {
  const scheme = tlsEnabled(settings) ? "https" : "http";
  return `${scheme}://${serviceAddress(settings, role, port)}`;
}

/** The in-stack addresses a stack exports for other workloads and applications. */
export interface StackAddresses {
  /** Prometheus for other workloads: Grafanas elsewhere, promote's health gate. */
  readonly prometheusAddress: string;
  /** Alertmanager for other Prometheus servers. */
  readonly alertmanagerAddress: string;
  /** OTLP gRPC endpoint applications send traces to. */
  readonly otlpGrpcEndpoint: string;
  /** OTLP HTTP endpoint applications send traces to. */
  readonly otlpHttpEndpoint: string;
}

/**
 * Every in-stack address the stack exports, each with the scheme the TLS
 * mode gives (clients must then trust the stack's CA, output caCertificate).
 */
export function stackAddresses(settings: Pick<StackSettings, "target" | "kubernetes" | "tls">): StackAddresses {
  return {
    prometheusAddress: serviceUrl(settings, roles.prometheus, ports.prometheus),
    alertmanagerAddress: serviceUrl(settings, roles.alertmanager, ports.alertmanager),
    otlpGrpcEndpoint: serviceUrl(settings, roles.jaeger, ports.otlpGrpc),
    otlpHttpEndpoint: serviceUrl(settings, roles.jaeger, ports.otlpHttp),
  };
}
