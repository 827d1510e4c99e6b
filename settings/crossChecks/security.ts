import { problemAt, type SettingsProblem } from "../errors";
import type { StackSettings } from "../schema";

/** Prod sends samples elsewhere over HTTPS only. */
export function remoteWriteProblems(settings: StackSettings): SettingsProblem[] {
  if (settings.environment !== "prod") return [];
  return settings.prometheus.remoteWrite.flatMap((endpoint, index) =>
    endpoint.url.startsWith("https://")
      ? []
      : [
          problemAt(
            `prometheus.remoteWrite[${index}].url`,
            "must use https:// in prod (samples and credentials cross the network)",
            endpoint.url,
          ),
        ],
  );
}

/** TLS and auth rules by environment and target. */
export function securityProblems(settings: StackSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const { tls, environment, target } = settings;
  if (environment === "prod" && tls.mode === "none") {
    problems.push(problemAt("tls.mode", "prod encrypts every hop: use selfSigned, certManager or provided", tls.mode));
  }
  if (environment === "prod" && !settings.auth.basicAuth.enabled) {
    problems.push(
      problemAt(
        "auth.basicAuth.enabled",
        "prod requires basic auth on Prometheus, Alertmanager and the exporters",
        false,
      ),
    );
  }
  if (target === "docker" && (tls.mode === "certManager" || tls.mode === "provided")) {
    problems.push(problemAt("tls.mode", `${tls.mode} needs Kubernetes; on docker use none or selfSigned`, tls.mode));
  }
  if (target === "docker" && settings.auth.jaegerProxy !== undefined) {
    problems.push(
      problemAt(
        "auth.jaegerProxy",
        "the Jaeger UI is only published on 127.0.0.1 on docker; remove auth.jaegerProxy",
        "set",
      ),
    );
  }
  return problems;
}
