import * as http from "node:http";
import * as https from "node:https";

/** How to reach a stack's Prometheus: the URL it exports and the credentials it exports. */
export interface PrometheusEndpoint {
  /** e.g. https://prometheus.obs.staging.example.com/ (the `prometheusUrl` output). */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** PEM of the CA that signed Prometheus' certificate (the `caCertificate` output). */
  readonly caPem?: string;
}

/** GETs a Prometheus API path and parses the JSON `data`. Bounded by a timeout; never follows redirects. */
function getApi<T>(endpoint: PrometheusEndpoint, apiPath: string, timeoutMs: number): Promise<T> {
  const url = new URL(apiPath.replace(/^\//, ""), endpoint.url.endsWith("/") ? endpoint.url : `${endpoint.url}/`);
  const headers: Record<string, string> = { accept: "application/json" };
  if (endpoint.username !== undefined && endpoint.password !== undefined) {
    headers["authorization"] = `Basic ${Buffer.from(`${endpoint.username}:${endpoint.password}`).toString("base64")}`;
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise<T>((resolve, reject) => {
    const request = client.get(
      url,
      { headers, timeout: timeoutMs, ...(endpoint.caPem !== undefined ? { ca: endpoint.caPem } : {}) },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          if (response.statusCode !== 200) {
            reject(new Error(`${url.href} answered ${response.statusCode}: ${body.slice(0, 200)}`));
            return;
          }
          try {
            resolve((JSON.parse(body) as { data: T }).data);
          } catch {
            reject(new Error(`${url.href} did not answer Prometheus API JSON`));
          }
        });
      },
    );
    request.on("timeout", () => request.destroy(new Error(`${url.href} did not answer within ${timeoutMs} ms`)));
    request.on("error", reject);
  });
}

interface ApiAlert {
  readonly labels: Record<string, string>;
  readonly state: string;
}

interface ApiTarget {
  readonly labels: Record<string, string>;
  readonly scrapeUrl: string;
  readonly health: string;
  readonly lastError: string;
}

/**
 * What makes a stack unhealthy for promotion, read from its own Prometheus:
 * critical alerts firing, and scrape targets that are not up. Empty when
 * healthy.
 * @throws when Prometheus cannot be asked (unreachable, refused credentials,
 *   untrusted certificate): not knowing is not healthy either, and the
 *   caller says so.
 */
export async function healthProblems(endpoint: PrometheusEndpoint, timeoutMs = 10_000): Promise<string[]> {
  const [alerts, targets] = await Promise.all([
    getApi<{ alerts: ApiAlert[] }>(endpoint, "api/v1/alerts", timeoutMs),
    getApi<{ activeTargets: ApiTarget[] }>(endpoint, "api/v1/targets?state=active", timeoutMs),
  ]);
  const problems: string[] = [];
  for (const alert of alerts.alerts) {
    if (alert.state === "firing" && alert.labels["severity"] === "critical") {
      const where = alert.labels["service"] ?? alert.labels["instance"] ?? alert.labels["job"];
      problems.push(`critical alert ${alert.labels["alertname"] ?? "?"} is firing${where ? ` (${where})` : ""}`);
    }
  }
  if (targets.activeTargets.length === 0) problems.push("Prometheus scrapes no target at all");
  for (const target of targets.activeTargets) {
    if (target.health !== "up") {
      problems.push(
        `target ${target.scrapeUrl} of job ${target.labels["job"] ?? "?"} is ${target.health}` +
          (target.lastError ? `: ${target.lastError}` : ""),
      );
    }
  }
  return problems;
}
