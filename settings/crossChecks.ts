import { durationSeconds } from "./durations";
import { closest, type SettingsProblem } from "./errors";
import type { StackSettings } from "./schema";
import { secretReferences } from "./secretRefs";

const ns = "observability";

function duplicates(names: readonly string[]): string[] {
  return [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
}

/** TLS and auth rules by environment and target. */
function securityProblems(settings: StackSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const at = (path: string, message: string, received?: unknown): void => {
    problems.push(
      received === undefined ? { path: `${ns}:${path}`, message } : { path: `${ns}:${path}`, message, received },
    );
  };
  const { tls, environment, target } = settings;
  if (environment === "prod" && tls.mode === "none") {
    at("tls.mode", "prod encrypts every hop: use selfSigned, certManager or provided", tls.mode);
  }
  if (environment === "prod" && !settings.auth.basicAuth.enabled) {
    at("auth.basicAuth.enabled", "prod requires basic auth on Prometheus, Alertmanager and the exporters", false);
  }
  if (target === "docker" && (tls.mode === "certManager" || tls.mode === "provided")) {
    at("tls.mode", `${tls.mode} needs Kubernetes; on docker use none or selfSigned`, tls.mode);
  }
  if (target === "docker" && settings.auth.jaegerProxy !== undefined) {
    at("auth.jaegerProxy", "the Jaeger UI is only published on 127.0.0.1 on docker; remove auth.jaegerProxy", "set");
  }
  return problems;
}

/**
 * Rules that span several keys, or depend on the environment, and so cannot
 * live in the schema. Each problem says what to change.
 */
export function crossFieldProblems(settings: StackSettings, secretKeys: ReadonlySet<string>): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const problem = (path: string, message: string, received?: unknown) =>
    problems.push(
      received === undefined ? { path: `${ns}:${path}`, message } : { path: `${ns}:${path}`, message, received },
    );
  const { environment, target } = settings;
  const shared = environment !== "dev";

  if (shared && target === "docker") {
    problem(
      "target",
      `${environment} runs on kubernetes (replicas, PVCs, ingress and network policies need it); remove the target key or use environment dev`,
      target,
    );
  }

  for (const [list, names] of [
    ["services", settings.services.map((s) => s.name)],
    ["alerting.receivers", settings.alerting.receivers.map((r) => r.name)],
    ["exporters.postgres", settings.exporters.postgres.map((p) => p.name)],
    ["exporters.redis", settings.exporters.redis.map((r) => r.name)],
    ["prometheus.remoteWrite", settings.prometheus.remoteWrite.map((r) => r.name)],
    ["packs", settings.packs.map((pack) => pack.name)],
  ] as const) {
    for (const name of duplicates(names))
      problem(list, `name '${name}' appears more than once; names must be unique`, name);
  }
  settings.services.forEach((service, index) => {
    const interval = service.scrapeInterval ?? settings.prometheus.scrapeInterval;
    const timeout = service.scrapeTimeout ?? settings.prometheus.scrapeTimeout;
    if (durationSeconds(timeout) > durationSeconds(interval)) {
      problem(`services[${index}].scrapeTimeout`, `must not be longer than the scrape interval (${interval})`, timeout);
    }
  });
  for (const [list, exporters] of [
    ["exporters.postgres", settings.exporters.postgres],
    ["exporters.redis", settings.exporters.redis],
  ] as const) {
    exporters.forEach((exporter, index) => {
      const interval = exporter.scrapeInterval;
      if (interval !== undefined && durationSeconds(settings.prometheus.scrapeTimeout) > durationSeconds(interval)) {
        problem(
          `${list}[${index}].scrapeInterval`,
          `must not be shorter than prometheus.scrapeTimeout (${settings.prometheus.scrapeTimeout})`,
          interval,
        );
      }
    });
  }
  if (durationSeconds(settings.prometheus.scrapeTimeout) > durationSeconds(settings.prometheus.scrapeInterval)) {
    problem(
      "prometheus.scrapeTimeout",
      `must not be longer than prometheus.scrapeInterval (${settings.prometheus.scrapeInterval})`,
      settings.prometheus.scrapeTimeout,
    );
  }

  const receiverNames = settings.alerting.receivers.map((r) => r.name);
  const checkReceiver = (path: string, name: string) => {
    if (!receiverNames.includes(name)) {
      const hint = closest(name, receiverNames);
      problem(
        path,
        `unknown receiver${hint ? ` (did you mean '${hint}'?)` : ""}; defined receivers: ${receiverNames.join(", ")}`,
        name,
      );
    }
  };
  checkReceiver("alerting.defaultReceiver", settings.alerting.defaultReceiver);
  settings.alerting.routes.forEach((route, index) =>
    checkReceiver(`alerting.routes[${index}].receiver`, route.receiver),
  );

  if (target === "docker") {
    if (settings.prometheus.replicas > 1 || settings.alertmanager.replicas > 1) {
      problem(
        "prometheus.replicas",
        "the docker target runs one replica of each component; use a kubernetes stack for HA",
        Math.max(settings.prometheus.replicas, settings.alertmanager.replicas),
      );
    }
    if (settings.exporters.kubeStateMetrics)
      problem(
        "exporters.kubeStateMetrics",
        "kube-state-metrics needs a Kubernetes API; set it to false on the docker target",
        true,
      );
    const ports = Object.entries(settings.docker.ports);
    for (const port of duplicates(ports.map(([, value]) => String(value)))) {
      problem("docker.ports", `port ${port} is published twice; give each UI its own port`, Number(port));
    }
  } else {
    if (settings.exporters.cadvisor) {
      problem(
        "exporters.cadvisor",
        "on kubernetes the kubelet serves cAdvisor metrics and the kubernetes-cadvisor job scrapes them; set it to false",
        true,
      );
    }
    const ingress = settings.kubernetes.ingress;
    const hostsComplete = ["grafana", "prometheus", "alertmanager", "jaeger"].every((role) => role in ingress.hosts);
    if (ingress.enabled && ingress.domain === undefined && !hostsComplete) {
      problem(
        "kubernetes.ingress.domain",
        `is required when ingress is enabled (hosts default to grafana.<domain>, ...); set it with: pulumi config set --path ${ns}:kubernetes.ingress.domain obs.example.com`,
      );
    }
  }

  if (environment === "prod") {
    if (settings.prometheus.replicas < 2)
      problem(
        "prometheus.replicas",
        "prod runs at least 2 Prometheus replicas so that one can restart without a gap",
        settings.prometheus.replicas,
      );
    if (settings.alertmanager.replicas < 3)
      problem(
        "alertmanager.replicas",
        "prod runs at least 3 Alertmanager replicas so that the cluster survives losing one",
        settings.alertmanager.replicas,
      );
    const notifying = (name: string) => {
      const receiver = settings.alerting.receivers.find((r) => r.name === name);
      return (
        receiver !== undefined && Boolean(receiver.pagerduty ?? receiver.slack ?? receiver.email ?? receiver.webhook)
      );
    };
    const criticalRouted =
      notifying(settings.alerting.defaultReceiver) ||
      settings.alerting.routes.some(
        (route) => notifying(route.receiver) && route.matchers.some((m) => /severity\s*=~?\s*"[^"]*critical/.test(m)),
      );
    if (!criticalRouted) {
      problem(
        "alerting.routes",
        'prod must send severity="critical" alerts somewhere: add a receiver with pagerduty, slack, email or webhook and a route with matchers [severity="critical"] to it',
      );
    }
    settings.prometheus.remoteWrite.forEach((endpoint, index) => {
      if (!endpoint.url.startsWith("https://"))
        problem(
          `prometheus.remoteWrite[${index}].url`,
          "must use https:// in prod (samples and credentials cross the network)",
          endpoint.url,
        );
    });
  }

  problems.push(...securityProblems(settings));

  if (settings.grafana.mode === "external" && settings.grafana.external === undefined) {
    problem("grafana.external", "is required when grafana.mode is external (url, authSecret, datasourceUrls)");
  }
  if (settings.grafana.mode === "deploy" && settings.grafana.external !== undefined) {
    problem(
      "grafana.external",
      "is only used when grafana.mode is external; set grafana.mode: external or remove grafana.external",
    );
  }

  for (const ref of secretReferences(settings)) {
    if (ref.whenAbsent === "required" && !secretKeys.has(ref.key)) {
      problem(
        ref.key,
        `is a required secret (named by ${ref.usedBy}); set it with: pulumi config set --secret ${ns}:${ref.key} <value>`,
      );
    }
  }
  return problems;
}
