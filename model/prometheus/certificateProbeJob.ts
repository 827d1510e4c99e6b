import { jobNames } from "../jobNames";
import { runsRole, tlsRolesInUse } from "../rolesInUse";
import type { ResolvedSettings } from "../../settings/validate";
import { ports, roles, serviceAddress, type TlsRole } from "../addresses";
import { blackboxModules } from "../exporters/blackboxConfig";
import { jaegerProxyPorts } from "../jaegerProxy/args";
import { tlsEnabled } from "../tls";
import type { ScrapeConfig } from "./scrapeJob";
import { blackboxProbeBase } from "./serviceJobs";

/**
 * The TLS port of each role whose certificate the blackbox exporter checks.
 * node-exporter is left out: it listens on each node's address, which no
 * Service name resolves to one by one; its certificate is issued with the
 * others (same validity, same renewal), so theirs stand for it.
 */
const probedPorts: Partial<Record<TlsRole, number>> = {
  prometheus: ports.prometheus,
  alertmanager: ports.alertmanager,
  grafana: ports.grafana,
  jaeger: ports.otlpGrpc,
  "jaeger-proxy": jaegerProxyPorts.https,
  "kube-state-metrics": ports.kubeStateMetrics,
  "blackbox-exporter": ports.blackbox,
};

/**
 * A TLS handshake with each of the stack's TLS endpoints through the
 * blackbox exporter, verified against the stack's CA: it yields
 * `probe_ssl_earliest_cert_expiry`, which the certificate expiry alerts
 * (rules/probes/certificates.rules.yml) watch. Only with TLS on and the exporter running.
 */
export function certificateProbeJob(settings: ResolvedSettings): ScrapeConfig | undefined {
  if (!tlsEnabled(settings) || !runsRole(settings, roles.blackbox)) return undefined;
  const targets = tlsRolesInUse(settings).flatMap((role) => {
    const port = probedPorts[role];
    return port === undefined ? [] : [serviceAddress(settings, role, port)];
  });
  return {
    job_name: jobNames.certificateProbes,
    ...blackboxProbeBase(settings, blackboxModules.tlsHandshake),
    static_configs: [{ targets }],
  };
}
