import type { TestResource } from "./harness";

/**
 * Hand-made resources shaped like the stack's own (see platform/kubernetes
 * and platform/docker): each compliant with every policy, so that a test
 * changes one field to make one violation.
 */

export const namespace = "observability-prod";
export const hostNamespace = "observability-prod-host";

type Json = Record<string, unknown>;

/** A container security context that meets `restricted`. */
export function restrictedContext(): Json {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ["ALL"] },
    readOnlyRootFilesystem: true,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** A pod security context that meets `restricted`. */
export function podContext(): Json {
  return {
    runAsNonRoot: true,
    runAsUser: 65534,
    runAsGroup: 65534,
    fsGroup: 65534,
    seccompProfile: { type: "RuntimeDefault" },
  };
}

export function limits(): Json {
  return { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } };
}

/** A compliant container. */
export function container(name: string, image: string, extra: Json = {}): Json {
  return { name, image, args: [], env: [], resources: limits(), securityContext: restrictedContext(), ...extra };
}

/** A Kubernetes workload object as the provider receives it. */
export function workload(
  kind: "Deployment" | "StatefulSet" | "DaemonSet",
  name: string,
  podSpec: Json,
  options: { namespace?: string; spec?: Json; replicas?: number } = {},
): TestResource {
  const labels = { "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "observability-stack" };
  return {
    type: `kubernetes:apps/v1:${kind}`,
    name: `observability-${name}-${kind.toLowerCase()}`,
    props: {
      apiVersion: "apps/v1",
      kind,
      metadata: { name, namespace: options.namespace ?? namespace, labels },
      spec: {
        ...(kind === "DaemonSet" ? {} : { replicas: options.replicas ?? 1 }),
        selector: { matchLabels: { "app.kubernetes.io/name": name } },
        template: { metadata: { labels }, spec: { securityContext: podContext(), ...podSpec } },
        ...options.spec,
      },
    },
  };
}

/** Prometheus as the prod stack makes it: 2 replicas, TLS web config, a claim for /prometheus. */
export function prometheusStatefulSet(): TestResource {
  return workload(
    "StatefulSet",
    "prometheus",
    {
      containers: [
        container("prometheus", "quay.io/prometheus/prometheus:v3.5.0", {
          args: [
            "--config.file=/etc/prometheus/prometheus.yml",
            "--storage.tsdb.path=/prometheus",
            "--web.config.file=/etc/prometheus/web/web.yml",
          ],
          volumeMounts: [
            { name: "config", mountPath: "/etc/prometheus", readOnly: true },
            { name: "data", mountPath: "/prometheus" },
          ],
        }),
      ],
      volumes: [{ name: "config", configMap: { name: "prometheus-config" } }],
    },
    {
      replicas: 2,
      spec: { serviceName: "prometheus-headless", volumeClaimTemplates: [claim()] },
    },
  );
}

/** The peers of an Alertmanager StatefulSet of `replicas` replicas. */
export function alertmanagerPeers(replicas: number): string[] {
  return Array.from(
    { length: replicas },
    (_, i) => `--cluster.peer=alertmanager-${i}.alertmanager-headless.${namespace}.svc:9094`,
  );
}

/** Alertmanager as the prod stack makes it: 3 peers, gossip and web TLS, a claim for /alertmanager. */
export function alertmanagerStatefulSet(replicas = 3, peers = alertmanagerPeers(replicas)): TestResource {
  return workload(
    "StatefulSet",
    "alertmanager",
    {
      containers: [
        container("alertmanager", "quay.io/prometheus/alertmanager:v0.28.1", {
          args: [
            "--config.file=/etc/alertmanager/alertmanager.yml",
            "--storage.path=/alertmanager",
            "--cluster.listen-address=0.0.0.0:9094",
            ...peers,
            "--cluster.tls-config=/etc/alertmanager/cluster/tls.yml",
            "--web.config.file=/etc/alertmanager/web/web.yml",
          ],
          volumeMounts: [{ name: "data", mountPath: "/alertmanager" }],
        }),
      ],
    },
    { replicas, spec: { serviceName: "alertmanager-headless", volumeClaimTemplates: [claim()] } },
  );
}

export function claim(name = "data"): Json {
  return { metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } };
}

/** node-exporter as the stack makes it: host network and PID, the host's filesystems read-only, in the host namespace. */
export function nodeExporterDaemonSet(): TestResource {
  return workload(
    "DaemonSet",
    "node-exporter",
    {
      hostNetwork: true,
      hostPID: true,
      containers: [
        container("node-exporter", "quay.io/prometheus/node-exporter:v1.9.1", {
          args: ["--path.rootfs=/host/root", "--web.config.file=/etc/node-exporter/web/web.yml"],
          volumeMounts: [
            { name: "host-proc", mountPath: "/host/proc", readOnly: true },
            { name: "host-root", mountPath: "/host/root", readOnly: true, mountPropagation: "HostToContainer" },
          ],
        }),
      ],
      volumes: [
        { name: "host-proc", hostPath: { path: "/proc", type: "Directory" } },
        { name: "host-root", hostPath: { path: "/", type: "Directory" } },
      ],
    },
    { namespace: hostNamespace },
  );
}

/** A Grafana StatefulSet; `protocol` is GF_SERVER_PROTOCOL (unset: Grafana's http). */
export function grafanaStatefulSet(env: Record<string, string> = { GF_SERVER_PROTOCOL: "https" }): TestResource {
  return workload(
    "StatefulSet",
    "grafana",
    {
      containers: [
        container("grafana", "docker.io/grafana/grafana:12.0.2", {
          env: Object.entries(env).map(([name, value]) => ({ name, value })),
        }),
      ],
    },
    { spec: { volumeClaimTemplates: [claim()] } },
  );
}

/** A Namespace with a Pod Security Admission level. */
export function namespaceObject(name: string, level: "restricted" | "privileged"): TestResource {
  return {
    type: "kubernetes:core/v1:Namespace",
    name: `ns-${name}`,
    props: {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name, labels: { "pod-security.kubernetes.io/enforce": level } },
    },
  };
}

export function service(name: string, spec: Json = {}): TestResource {
  return {
    type: "kubernetes:core/v1:Service",
    name: `observability-${name}-service`,
    props: {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace },
      spec: {
        type: "ClusterIP",
        selector: { "app.kubernetes.io/name": name },
        ports: [{ name: "https", port: 3000 }],
        ...spec,
      },
    },
  };
}

/** An Ingress for one host routing to one Service; `tls: false` leaves out the tls section. */
export function ingress(serviceName: string, host: string, options: { tls?: boolean } = {}): TestResource {
  return {
    type: "kubernetes:networking.k8s.io/v1:Ingress",
    name: `observability-${serviceName}-ingress`,
    props: {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: serviceName, namespace },
      spec: {
        ingressClassName: "nginx",
        rules: [
          {
            host,
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: serviceName, port: { name: "https" } } },
                },
              ],
            },
          },
        ],
        ...(options.tls === false ? {} : { tls: [{ hosts: [host], secretName: `${serviceName}-tls` }] }),
      },
    },
  };
}

export function configMap(name: string, data: Record<string, string>, ns = namespace): TestResource {
  return {
    type: "kubernetes:core/v1:ConfigMap",
    name: `observability-${name}`,
    props: { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns }, data },
  };
}

export function secret(name: string, stringData: Record<string, string>): TestResource {
  return {
    type: "kubernetes:core/v1:Secret",
    name: `observability-${name}`,
    props: { apiVersion: "v1", kind: "Secret", metadata: { name, namespace }, stringData, type: "Opaque" },
  };
}

/** A Docker container of a role, as platform/docker makes it (published on loopback, memory limit, data volume). */
export function dockerContainer(role: string, extra: Json = {}): TestResource {
  const dataDirs: Record<string, string> = {
    prometheus: "/prometheus",
    alertmanager: "/alertmanager",
    grafana: "/var/lib/grafana",
  };
  const dataDir = dataDirs[role];
  return {
    type: "docker:index/container:Container",
    name: `observability-${role}-container`,
    props: {
      name: `obs-dev-${role}`,
      image: "sha256:" + "a".repeat(64),
      labels: [
        { label: "observability-stack", value: "dev" },
        { label: "observability-stack.role", value: role },
      ],
      memory: 256,
      envs: [],
      ports: [{ internal: 9090, external: 9090, ip: "127.0.0.1", protocol: "tcp" }],
      ...(dataDir === undefined ? {} : { volumes: [{ containerPath: dataDir, volumeName: `obs-dev-${role}-data` }] }),
      ...extra,
    },
  };
}

/** A deep copy to change one field of a fixture without touching the original. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** The first container of a workload fixture, for in-place edits of a copy. */
export function firstContainer(resource: TestResource): Json {
  const spec = resource.props["spec"] as Json;
  const template = spec["template"] as Json;
  const podSpec = template["spec"] as Json;
  return (podSpec["containers"] as Json[])[0];
}

/** The pod spec of a workload fixture, for in-place edits of a copy. */
export function podSpecOfFixture(resource: TestResource): Json {
  return ((resource.props["spec"] as Json)["template"] as Json)["spec"] as Json;
}
