import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import type { ResolvedFile, ResolvedWorkload } from "../../platform/types";

/**
 * Hand-built workloads that cover what the Kubernetes platform must handle:
 * a stateful peer group with a data volume, a secret file and a UI; stateless
 * workloads with and without replicas; a per-node exporter with host access;
 * and a workload that reads the Kubernetes API. Built by hand (not by the
 * model) so the platform is tested on its own contract.
 */

/** A secret value that must never appear outside a Kubernetes Secret. */
export const slackWebhook = "https://hooks.example.test/services/T000/B000/never-in-plain-text";

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A plain file, as the component would resolve it. */
export function plainFile(path: string, content: string, reloadsLive = false): ResolvedFile {
  return { path, content, sensitive: false, checksum: sha256(content), bytes: Buffer.byteLength(content), reloadsLive };
}

/** A file embedding a secret: content and checksum are secret Outputs. */
export function secretFile(path: string, content: string): ResolvedFile {
  return {
    path,
    content: pulumi.secret(content),
    sensitive: true,
    checksum: pulumi.secret(sha256(content)),
    bytes: Buffer.byteLength(content),
    reloadsLive: false,
  };
}

const smallResources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "256Mi" } };

/** Stateful, three gossiping replicas, data volume, secret config, UI. */
export function alertmanagerWorkload(): ResolvedWorkload {
  return {
    role: "alertmanager",
    kind: "stateful",
    image: "quay.io/prometheus/alertmanager:v0.28.1",
    args: [
      "--config.file=/etc/alertmanager/config/alertmanager.yml",
      "--storage.path=/alertmanager",
      "--cluster.listen-address=0.0.0.0:9094",
      "--cluster.advertise-address=$(POD_IP):9094",
      "--cluster.peer=alertmanager-0.alertmanager-headless.observability-prod.svc:9094",
    ],
    env: { GOMAXPROCS: "1" },
    identityEnv: { POD_IP: "address" },
    files: [
      secretFile(
        "/etc/alertmanager/config/alertmanager.yml",
        stringify({ receivers: [{ name: "slack", slack_configs: [{ api_url: slackWebhook }] }] }),
      ),
      plainFile("/etc/alertmanager/templates/default.tmpl", '{{ define "title" }}[{{ .Status }}]{{ end }}'),
    ],
    ports: [
      { name: "http", port: 9093 },
      { name: "cluster", port: 9094, protocol: "TCP" },
      { name: "cluster-udp", port: 9094, protocol: "UDP" },
    ],
    dataVolume: { mountPath: "/alertmanager", size: "2Gi" },
    scratchPaths: ["/tmp"],
    health: {
      liveness: { path: "/-/healthy", port: "http", command: ["wget", "-qO-", "http://127.0.0.1:9093/-/healthy"] },
      readiness: { path: "/-/ready", port: "http" },
    },
    resources: smallResources,
    replicas: 3,
    user: { uid: 65534, gid: 65534 },
    peers: { port: "cluster" },
    ui: { port: "http", host: "alertmanager.obs.example.com" },
    allowFrom: [
      { ports: ["http"], from: ["prometheus", "grafana", "ingress"] },
      { ports: ["cluster", "cluster-udp"], from: ["alertmanager"] },
    ],
  };
}

/** Stateless, two replicas, OTLP from the whole cluster, UI. */
export function jaegerWorkload(): ResolvedWorkload {
  return {
    role: "jaeger",
    kind: "stateless",
    image: "docker.io/jaegertracing/jaeger:2.9.0",
    args: ["--config=/etc/jaeger/config.yaml"],
    env: {},
    files: [plainFile("/etc/jaeger/config.yaml", stringify({ service: { extensions: ["jaeger_query"] } }))],
    ports: [
      { name: "query", port: 16686 },
      { name: "health", port: 13133 },
      { name: "otlp-grpc", port: 4317 },
      { name: "otlp-http", port: 4318 },
    ],
    scratchPaths: ["/tmp"],
    health: {
      liveness: { path: "/status", port: "health" },
      readiness: { path: "/status", port: "health" },
    },
    resources: smallResources,
    replicas: 2,
    user: { uid: 10001, gid: 10001 },
    ui: { port: "query", host: "jaeger.obs.example.com" },
    allowFrom: [
      { ports: ["query"], from: ["grafana", "ingress"] },
      { ports: ["otlp-grpc", "otlp-http"], from: ["cluster"] },
      { ports: ["health"], from: ["prometheus"] },
    ],
  };
}

/** Stateless, one replica, plain config, no UI. */
export function blackboxWorkload(): ResolvedWorkload {
  return {
    role: "blackbox-exporter",
    kind: "stateless",
    image: "quay.io/prometheus/blackbox-exporter:v0.27.0",
    command: ["/bin/blackbox_exporter"],
    args: ["--config.file=/etc/blackbox/blackbox.yml"],
    env: {},
    files: [plainFile("/etc/blackbox/blackbox.yml", stringify({ modules: { http_2xx: { prober: "http" } } }))],
    ports: [{ name: "http", port: 9115 }],
    scratchPaths: [],
    health: {
      liveness: { path: "/-/healthy", port: "http" },
      readiness: { path: "/-/healthy", port: "http" },
    },
    resources: smallResources,
    replicas: 1,
    user: { uid: 65534, gid: 65534 },
    allowFrom: [{ ports: ["http"], from: ["prometheus"] }],
  };
}

/** One pod per node with the host's network, PIDs and filesystems. */
export function nodeExporterWorkload(): ResolvedWorkload {
  return {
    role: "node-exporter",
    kind: "perNode",
    image: "quay.io/prometheus/node-exporter:v1.9.1",
    args: ["--path.rootfs=/host/root", "--path.procfs=/host/proc", "--path.sysfs=/host/sys"],
    env: {},
    files: [],
    ports: [{ name: "metrics", port: 9100 }],
    scratchPaths: [],
    health: {
      liveness: { path: "/", port: "metrics" },
      readiness: { path: "/", port: "metrics" },
    },
    resources: smallResources,
    replicas: 1,
    user: { uid: 65534, gid: 65534 },
    host: {
      network: true,
      pid: true,
      privileged: false,
      mounts: [
        { hostPath: "/", mountPath: "/host/root", readOnly: true },
        { hostPath: "/proc", mountPath: "/host/proc", readOnly: true },
        { hostPath: "/sys", mountPath: "/host/sys", readOnly: true },
      ],
      reason: "reads the node's /proc, /sys and filesystems",
    },
    allowFrom: [{ ports: ["metrics"], from: ["prometheus"] }],
  };
}

/** Reads the Kubernetes API with cluster-wide rules. */
export function kubeStateMetricsWorkload(): ResolvedWorkload {
  return {
    role: "kube-state-metrics",
    kind: "stateless",
    image: "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.16.0",
    args: ["--port=8080", "--telemetry-port=8081"],
    env: {},
    files: [],
    ports: [
      { name: "http", port: 8080 },
      { name: "telemetry", port: 8081 },
    ],
    scratchPaths: [],
    health: {
      liveness: { path: "/livez", port: "http" },
      readiness: { path: "/readyz", port: "telemetry" },
    },
    resources: smallResources,
    replicas: 1,
    user: { uid: 65534, gid: 65534 },
    kubernetesApi: {
      rules: [
        { apiGroups: [""], resources: ["pods", "nodes", "services"], verbs: ["list", "watch"] },
        { apiGroups: ["apps"], resources: ["deployments", "statefulsets"], verbs: ["list", "watch"] },
        { nonResourceURLs: ["/metrics"], verbs: ["get"] },
      ],
    },
    allowFrom: [{ ports: ["http", "telemetry"], from: ["prometheus"] }],
  };
}

/** The marker in the fixtures' private keys, which must never appear outside a Secret. */
export const fixtureKeyMarker = "FIXTURE-PRIVATE-KEY";

/**
 * A role's TLS files as the selfSigned mode delivers them (model/tls.ts):
 * certificate, key and CA at /etc/tls/<role>, each a secret file.
 */
export function selfSignedTlsFiles(role: string): ResolvedFile[] {
  const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
  return [
    secretFile(`/etc/tls/${role}/tls.crt`, pem("CERTIFICATE", `fixture-certificate-${role}`)),
    secretFile(`/etc/tls/${role}/tls.key`, pem("PRIVATE KEY", `${fixtureKeyMarker}-${role}`)),
    secretFile(`/etc/tls/${role}/ca.crt`, pem("CERTIFICATE", "fixture-ca")),
  ];
}

/** Commands that probe Alertmanager with credentials read from a mounted file. */
export const alertmanagerExecProbes = {
  liveness: [
    "/bin/sh",
    "-c",
    'wget -qO- --header "Authorization: Basic $(cat /etc/alertmanager/auth/header)" --no-check-certificate https://127.0.0.1:9093/-/healthy',
  ],
  readiness: [
    "/bin/sh",
    "-c",
    'wget -qO- --header "Authorization: Basic $(cat /etc/alertmanager/auth/header)" --no-check-certificate https://127.0.0.1:9093/-/ready',
  ],
} as const;

/** Alertmanager serving TLS from shipped files (selfSigned), probed by exec commands. */
export function alertmanagerWithTlsFiles(): ResolvedWorkload {
  const base = alertmanagerWorkload();
  return {
    ...base,
    files: [...base.files, ...selfSignedTlsFiles("alertmanager")],
    health: {
      ...base.health,
      liveness: { ...base.health.liveness, scheme: "HTTPS", command: alertmanagerExecProbes.liveness },
      readiness: { ...base.health.readiness, scheme: "HTTPS", command: alertmanagerExecProbes.readiness },
      credentialed: true,
    },
  };
}

/** Alertmanager serving TLS from a mounted `kubernetes.io/tls` Secret (certManager, provided). */
export function alertmanagerWithTlsSecret(secretName: string): ResolvedWorkload {
  return {
    ...alertmanagerWithTlsFiles(),
    files: alertmanagerWorkload().files,
    tlsSecret: { secretName, mountPath: "/etc/tls/alertmanager" },
  };
}

/** The blackbox exporter serving HTTPS, probed over HTTPS without credentials. */
export function blackboxWithHttps(): ResolvedWorkload {
  const base = blackboxWorkload();
  return {
    ...base,
    files: [...base.files, ...selfSignedTlsFiles("blackbox-exporter")],
    health: {
      ...base.health,
      liveness: { ...base.health.liveness, scheme: "HTTPS" },
      readiness: { ...base.health.readiness, scheme: "HTTPS" },
    },
  };
}
