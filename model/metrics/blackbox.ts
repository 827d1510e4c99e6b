import type { MetricFamily } from "./types";

/**
 * blackbox_exporter (v0.26) families that the probes pack's rules read. Each
 * scrape of the exporter's `/probe` runs one probe and returns its result;
 * the stack's jobs `blackbox` (health URLs, module http_2xx) and
 * `blackbox-tls` (TLS handshakes with the stack's endpoints) make the target
 * the `instance` label, so the families themselves carry no labels.
 */

/** Who exposes them (through the jobs `blackbox` and `blackbox-tls`). */
const source = "blackbox-exporter";

/** Every probe's outcome, whatever the prober. */
export const blackboxProbeMetrics: readonly MetricFamily[] = [
  {
    name: "probe_success",
    type: "gauge",
    help: "Displays whether or not the probe was a success",
    labels: [],
    source,
  },
  {
    name: "probe_duration_seconds",
    type: "gauge",
    help: "Returns how long the probe took to complete in seconds",
    labels: [],
    source,
  },
];

/** Only on probes that complete a TLS handshake (https URLs, the tls_handshake module). */
export const blackboxTlsMetrics: readonly MetricFamily[] = [
  {
    name: "probe_ssl_earliest_cert_expiry",
    type: "gauge",
    help: "Returns last SSL chain expiry in unixtime",
    labels: [],
    source,
  },
];

/** Every blackbox family above. */
export const blackboxMetrics: readonly MetricFamily[] = [...blackboxProbeMetrics, ...blackboxTlsMetrics];
