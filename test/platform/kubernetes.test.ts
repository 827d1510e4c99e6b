import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { DeployedWorkload, Foundation, ResolvedWorkload } from "../../platform/types";
import type { ResolvedSettings } from "../../settings/validate";
import { validateKubernetesObject } from "../helpers/kubernetesModels";
import {
  isUnderSecret,
  recordResources,
  unwrapInputs,
  valueOf,
  type RecordedResource,
  type ResourceRecorder,
} from "../../scripts/underMocks/mocks";
import { stackSettings } from "../../scripts/underMocks/stacks";
import {
  alertmanagerWorkload,
  blackboxWorkload,
  jaegerWorkload,
  kubeStateMetricsWorkload,
  nodeExporterWorkload,
  slackWebhook,
} from "./kubernetesFixtures";

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return --
   Recorded inputs are untyped Kubernetes objects; the assertions are the type check. */

const T = {
  namespace: "kubernetes:core/v1:Namespace",
  configMap: "kubernetes:core/v1:ConfigMap",
  secret: "kubernetes:core/v1:Secret",
  service: "kubernetes:core/v1:Service",
  serviceAccount: "kubernetes:core/v1:ServiceAccount",
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  daemonSet: "kubernetes:apps/v1:DaemonSet",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  ingress: "kubernetes:networking.k8s.io/v1:Ingress",
  clusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
  clusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
} as const;

/**
 * Prod's settings with TLS off: these fixtures carry no TLS material, and
 * what TLS adds (mounted certificates, Ingress TLS, cert-manager
 * Certificates) is tested in kubernetes-tls.test.ts.
 */
const prod: ResolvedSettings = { ...stackSettings("prod"), tls: { mode: "none" } };
const namespace = prod.kubernetes.namespace;
const hostNamespace = `${namespace}-host`;

/** Staging with Ingress switched off and no storage class. */
function stagingWithoutIngress(): ResolvedSettings {
  const staging = stackSettings("staging");
  return {
    ...staging,
    kubernetes: { ...staging.kubernetes, ingress: { ...staging.kubernetes.ingress, enabled: false } },
  };
}

let recorder: ResourceRecorder;
let stack: pulumi.ComponentResource;
let foundation: Foundation;
let deployed: Record<string, DeployedWorkload>;
let workloads: Record<string, ResolvedWorkload>;

beforeAll(async () => {
  recorder = await recordResources();
  const { kubernetesPlatform } = await import("../../platform/kubernetes");
  stack = new pulumi.ComponentResource("observability:test:Stack", "obs", {}, { transformations: [recorder.trace] });
  foundation = kubernetesPlatform.foundation("obs", prod, stack);
  workloads = {
    alertmanager: alertmanagerWorkload(),
    jaeger: jaegerWorkload(),
    blackbox: blackboxWorkload(),
    "node-exporter": nodeExporterWorkload(),
    "kube-state-metrics": kubeStateMetricsWorkload(),
  };
  deployed = Object.fromEntries(
    Object.entries(workloads).map(([name, workload]) => [
      name,
      kubernetesPlatform.deploy(name, workload, prod, foundation, stack),
    ]),
  );
  const staging = stagingWithoutIngress();
  const stagingStack = new pulumi.ComponentResource(
    "observability:test:Stack",
    "stg",
    {},
    { transformations: [recorder.trace] },
  );
  const stagingFoundation = kubernetesPlatform.foundation("stg", staging, stagingStack);
  deployed["stg-alertmanager"] = kubernetesPlatform.deploy(
    "stg-alertmanager",
    alertmanagerWorkload(),
    staging,
    stagingFoundation,
    stagingStack,
  );
  await recorder.settle([
    stack,
    stagingStack,
    ...foundation.dependsOn,
    ...stagingFoundation.dependsOn,
    ...Object.values(deployed).flatMap((workload) => workload.resources),
  ]);
});

function kubernetesObjects(): RecordedResource[] {
  return recorder.resources.filter((resource) => resource.type.startsWith("kubernetes:"));
}

function object(type: string, name: string): any {
  return recorder.get(type, name).state;
}

function podSpec(type: string, name: string): any {
  return object(type, name).spec.template.spec;
}

const controllers: [string, string, string][] = [
  ["alertmanager", T.statefulSet, "alertmanager-statefulset"],
  ["jaeger", T.deployment, "jaeger-deployment"],
  ["blackbox", T.deployment, "blackbox-deployment"],
  ["node-exporter", T.daemonSet, "node-exporter-daemonset"],
  ["kube-state-metrics", T.deployment, "kube-state-metrics-deployment"],
];

describe("every generated Kubernetes object", () => {
  it("matches the Kubernetes schema, with no unknown fields", () => {
    const objects = kubernetesObjects();
    expect(objects.length).toBeGreaterThan(40);
    for (const resource of objects) {
      expect(() => validateKubernetesObject(resource.state), `${resource.type} ${resource.name}`).not.toThrow();
    }
  });

  it("is named <name>-<part> and parented to the component it was deployed under", () => {
    const prefixes = ["obs", "stg", ...Object.keys(deployed)];
    for (const resource of kubernetesObjects()) {
      expect(
        prefixes.some((prefix) => resource.name.startsWith(`${prefix}-`)),
        `${resource.name} starts with a deploy name`,
      ).toBe(true);
      const staging = resource.name.startsWith("stg-");
      expect(resource.parentUrn, resource.name).toMatch(
        staging ? /::observability:test:Stack::stg$/ : /::observability:test:Stack::obs$/,
      );
      if (!staging) expect(resource.parent, resource.name).toBe(stack);
    }
  });

  it("carries the stack's labels and lives in the namespace of its workload", () => {
    for (const resource of kubernetesObjects()) {
      const metadata = resource.state["metadata"] as any;
      expect(metadata.labels["app.kubernetes.io/part-of"], resource.name).toBe("observability-stack");
      expect(metadata.labels["app.kubernetes.io/managed-by"], resource.name).toBe("pulumi");
    }
    for (const [workload] of controllers) {
      const role = workloads[workload].role;
      const expected = workload === "node-exporter" ? hostNamespace : namespace;
      const owned = kubernetesObjects().filter(
        (resource) => resource.name.startsWith(`${workload}-`) && !resource.type.includes("ClusterRole"),
      );
      expect(owned.length).toBeGreaterThan(2);
      for (const resource of owned) {
        const metadata = resource.state["metadata"] as any;
        expect(metadata.namespace, resource.name).toBe(expected);
        expect(metadata.labels["app.kubernetes.io/name"], resource.name).toBe(role);
      }
    }
  });

  it("keeps secret values in Secrets only, and secret there", async () => {
    let secretsSeen = 0;
    for (const resource of recorder.resources) {
      const plain = JSON.stringify(resource.inputs);
      if (resource.type !== T.secret) {
        expect(plain.includes(slackWebhook), `${resource.type} ${resource.name} holds the secret`).toBe(false);
        continue;
      }
      if (!plain.includes(slackWebhook)) continue;
      secretsSeen++;
      expect(resource.secretPaths).toContain("/stringData");
      const { value, secretPaths } = await unwrapInputs(resource.rawInputs);
      const stringData = (value as any).stringData as Record<string, string>;
      for (const [file, content] of Object.entries(stringData)) {
        expect(isUnderSecret(`/stringData/${file}`, secretPaths), `stringData ${file} is secret`).toBe(true);
        if (content.includes(slackWebhook)) expect(file).toBe("alertmanager.yml");
      }
    }
    expect(secretsSeen).toBe(2);
  });
});

describe("foundation", () => {
  it("creates the restricted namespace and the privileged host namespace with fixed names", () => {
    const main = object(T.namespace, "obs-namespace");
    expect(main.metadata.name).toBe(namespace);
    expect(main.metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
    });
    const host = object(T.namespace, "obs-host-namespace");
    expect(host.metadata.name).toBe(hostNamespace);
    expect(host.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("privileged");
  });

  it("denies all ingress by default in both namespaces", () => {
    for (const [name, ns] of [
      ["obs-default-deny", namespace],
      ["obs-host-default-deny", hostNamespace],
    ]) {
      const policy = object(T.networkPolicy, name);
      expect(policy.metadata.namespace).toBe(ns);
      expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress"] });
    }
  });

  it("reports the namespace as its scope and waits on namespaces and policies", async () => {
    expect(await valueOf(foundation.scope)).toBe(namespace);
    expect(foundation.dependsOn).toHaveLength(4);
  });
});

describe("pods", () => {
  it.each(controllers)(
    "%s: the selector matches the pod labels and the object is named after the role",
    (workload, type, name) => {
      const controller = object(type, name);
      expect(controller.metadata.name).toBe(workloads[workload].role);
      expect(controller.spec.template.metadata.labels).toMatchObject(controller.spec.selector.matchLabels);
      expect(controller.spec.selector.matchLabels).toEqual({ "app.kubernetes.io/name": workloads[workload].role });
    },
  );

  it.each(controllers)(
    "%s: runs restricted (non-root, no escalation, no capabilities, read-only root)",
    (workload, type, name) => {
      const spec = podSpec(type, name);
      const { uid, gid } = workloads[workload].user;
      expect(spec.securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: gid,
        fsGroup: gid,
        seccompProfile: { type: "RuntimeDefault" },
      });
      expect(spec.containers).toHaveLength(1);
      expect(spec.containers[0].securityContext).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        capabilities: { drop: ["ALL"] },
        readOnlyRootFilesystem: true,
      });
    },
  );

  it.each(controllers)("%s: probes HTTP paths on named container ports", (workload, type, name) => {
    const container = podSpec(type, name).containers[0];
    const health = workloads[workload].health;
    const portNames = container.ports.map((port: any) => port.name);
    expect(container.livenessProbe.httpGet).toEqual({
      path: health.liveness.path,
      port: health.liveness.port,
      scheme: "HTTP",
    });
    expect(container.readinessProbe.httpGet).toEqual({
      path: health.readiness.path,
      port: health.readiness.port,
      scheme: "HTTP",
    });
    expect(container.startupProbe.httpGet.path).toBe(health.liveness.path);
    for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
      expect(portNames).toContain(container[probe].httpGet.port);
    }
  });

  it.each(controllers)("%s: image, args, resources and ports come from the workload", (workload, type, name) => {
    const container = podSpec(type, name).containers[0];
    const spec = workloads[workload];
    expect(container.image).toBe(spec.image);
    expect(container.args).toEqual(spec.args);
    expect(container.resources).toEqual(spec.resources);
    expect(container.ports).toEqual(
      spec.ports.map((port) => ({ name: port.name, containerPort: port.port, protocol: port.protocol ?? "TCP" })),
    );
  });

  it("mounts config directories read-only from their ConfigMap or Secret, by generated name", () => {
    const spec = podSpec(T.statefulSet, "alertmanager-statefulset");
    const secret = object(T.secret, "alertmanager-config-etc-alertmanager-config");
    const configMap = object(T.configMap, "alertmanager-config-etc-alertmanager-templates");
    expect(secret.type).toBe("Opaque");
    expect(Object.keys(secret.stringData)).toEqual(["alertmanager.yml"]);
    expect(Object.keys(configMap.data)).toEqual(["default.tmpl"]);
    expect(spec.volumes).toEqual(
      expect.arrayContaining([
        { name: "config-etc-alertmanager-config", secret: { secretName: secret.metadata.name, defaultMode: 0o440 } },
        { name: "config-etc-alertmanager-templates", configMap: { name: configMap.metadata.name } },
        { name: "scratch-tmp", emptyDir: {} },
      ]),
    );
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: "config-etc-alertmanager-config", mountPath: "/etc/alertmanager/config", readOnly: true },
      { name: "config-etc-alertmanager-templates", mountPath: "/etc/alertmanager/templates", readOnly: true },
      { name: "data", mountPath: "/alertmanager" },
      { name: "scratch-tmp", mountPath: "/tmp" },
    ]);
  });

  it("defines downward-API variables before plain ones, so args can use $(POD_IP)", () => {
    const container = podSpec(T.statefulSet, "alertmanager-statefulset").containers[0];
    expect(container.env).toEqual([
      { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
      { name: "GOMAXPROCS", value: "1" },
    ]);
  });

  it("rolls pods on plain config change with a checksum annotation that never carries a secret", async () => {
    const alertmanager = recorder.get(T.statefulSet, "alertmanager-statefulset");
    const { secretPaths } = await unwrapInputs(alertmanager.rawInputs);
    const annotationPath = "/spec/template/metadata/annotations/checksum~1config";
    expect(isUnderSecret(annotationPath, secretPaths)).toBe(false);
    expect(secretPaths).toEqual([]);

    const blackbox = recorder.get(T.deployment, "blackbox-deployment");
    const plain = await unwrapInputs(blackbox.rawInputs);
    expect(isUnderSecret(annotationPath, plain.secretPaths)).toBe(false);
    expect(plain.secretPaths).toEqual([]);
    expect((blackbox.state as any).spec.template.metadata.annotations["checksum/config"]).toMatch(/^[0-9a-f]{64}$/);

    expect(object(T.daemonSet, "node-exporter-daemonset").spec.template.metadata.annotations).toBeUndefined();
  });

  it("spreads replicas over nodes with a soft anti-affinity, and only when there are several", () => {
    for (const [type, name, role] of [
      [T.statefulSet, "alertmanager-statefulset", "alertmanager"],
      [T.deployment, "jaeger-deployment", "jaeger"],
    ]) {
      const affinity = podSpec(type, name).affinity;
      expect(affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
      expect(affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([
        {
          weight: 100,
          podAffinityTerm: {
            topologyKey: "kubernetes.io/hostname",
            labelSelector: { matchLabels: { "app.kubernetes.io/name": role } },
          },
        },
      ]);
    }
    expect(podSpec(T.deployment, "blackbox-deployment").affinity).toBeUndefined();
  });

  it("passes the command only when the workload replaces the entrypoint", () => {
    expect(podSpec(T.deployment, "blackbox-deployment").containers[0].command).toEqual(["/bin/blackbox_exporter"]);
    expect(podSpec(T.deployment, "jaeger-deployment").containers[0].command).toBeUndefined();
  });
});

describe("stateful workloads", () => {
  it("run as a StatefulSet governed by the headless service, started in parallel", () => {
    const set = object(T.statefulSet, "alertmanager-statefulset");
    expect(set.metadata).toMatchObject({ name: "alertmanager", namespace });
    expect(set.spec.replicas).toBe(3);
    expect(set.spec.serviceName).toBe("alertmanager-headless");
    expect(set.spec.podManagementPolicy).toBe("Parallel");
  });

  it("claim a volume per replica with the configured storage class", () => {
    expect(object(T.statefulSet, "alertmanager-statefulset").spec.volumeClaimTemplates).toEqual([
      {
        metadata: { name: "data", labels: expect.objectContaining({ "app.kubernetes.io/name": "alertmanager" }) },
        spec: {
          accessModes: ["ReadWriteOnce"],
          storageClassName: "standard",
          resources: { requests: { storage: "2Gi" } },
        },
      },
    ]);
    const staging = object(T.statefulSet, "stg-alertmanager-statefulset").spec.volumeClaimTemplates[0];
    expect(staging.spec.storageClassName).toBeUndefined();
  });

  it("publish every port on the role's Service and on the headless peer Service", () => {
    const ports = [
      { name: "http", port: 9093, targetPort: "http", protocol: "TCP" },
      { name: "cluster", port: 9094, targetPort: "cluster", protocol: "TCP" },
      { name: "cluster-udp", port: 9094, targetPort: "cluster-udp", protocol: "UDP" },
    ];
    const service = object(T.service, "alertmanager-service");
    expect(service.metadata.name).toBe("alertmanager");
    expect(service.spec).toEqual({
      type: "ClusterIP",
      selector: { "app.kubernetes.io/name": "alertmanager" },
      ports,
    });
    const headless = object(T.service, "alertmanager-headless");
    expect(headless.metadata.name).toBe("alertmanager-headless");
    expect(headless.spec).toEqual({
      clusterIP: "None",
      selector: { "app.kubernetes.io/name": "alertmanager" },
      ports,
      publishNotReadyAddresses: true,
    });
  });

  it("have a disruption budget of one pod", () => {
    const budget = object(T.pdb, "alertmanager-pdb");
    expect(budget.metadata.name).toBe("alertmanager");
    expect(budget.spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { "app.kubernetes.io/name": "alertmanager" } },
    });
  });
});

describe("stateless and per-node workloads", () => {
  it("get a Deployment, and a budget only with several replicas", () => {
    expect(object(T.deployment, "jaeger-deployment").spec.replicas).toBe(2);
    expect(object(T.pdb, "jaeger-pdb").spec.maxUnavailable).toBe(1);
    expect(
      recorder
        .ofType(T.pdb)
        .map((budget) => budget.name)
        .sort(),
    ).toEqual(["alertmanager-pdb", "jaeger-pdb", "stg-alertmanager-pdb"]);
    expect(recorder.ofType(T.service).map((service) => service.name)).not.toContain("jaeger-headless");
  });

  it("node-exporter runs on every node with the host's network, PIDs and read-only filesystems", () => {
    const daemonSet = object(T.daemonSet, "node-exporter-daemonset");
    expect(daemonSet.metadata.namespace).toBe(hostNamespace);
    const spec = daemonSet.spec.template.spec;
    expect(spec).toMatchObject({ hostNetwork: true, hostPID: true, dnsPolicy: "ClusterFirstWithHostNet" });
    expect(spec.tolerations).toEqual([{ operator: "Exists" }]);
    expect(spec.volumes).toEqual([
      { name: "host-host-root", hostPath: { path: "/", type: "Directory" } },
      { name: "host-host-proc", hostPath: { path: "/proc", type: "Directory" } },
      { name: "host-host-sys", hostPath: { path: "/sys", type: "Directory" } },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: "host-host-root", mountPath: "/host/root", readOnly: true, mountPropagation: "HostToContainer" },
      { name: "host-host-proc", mountPath: "/host/proc", readOnly: true },
      { name: "host-host-sys", mountPath: "/host/sys", readOnly: true },
    ]);
    expect(spec.containers[0].securityContext.runAsNonRoot).toBe(true);
  });

  it("workloads without host access use neither the host's network nor its PIDs", () => {
    for (const [workload, type, name] of controllers) {
      if (workload === "node-exporter") continue;
      const spec = podSpec(type, name);
      expect(spec.hostNetwork).toBeUndefined();
      expect(spec.hostPID).toBeUndefined();
      expect(spec.tolerations).toBeUndefined();
      expect(spec.volumes.some((volume: any) => volume.hostPath !== undefined)).toBe(false);
    }
  });
});

describe("API access", () => {
  it("each workload has its own ServiceAccount; only API readers get a token", () => {
    for (const [workload, type, name] of controllers) {
      const account = object(T.serviceAccount, `${workload}-serviceaccount`);
      const reads = workloads[workload].kubernetesApi !== undefined;
      expect(account.metadata.name).toBe(workloads[workload].role);
      expect(account.automountServiceAccountToken).toBe(reads);
      const spec = podSpec(type, name);
      expect(spec.serviceAccountName).toBe(account.metadata.name);
      expect(spec.automountServiceAccountToken).toBe(reads);
    }
  });

  it("binds a ClusterRole with the workload's rules to its ServiceAccount", () => {
    expect(recorder.ofType(T.clusterRole).map((role) => role.name)).toEqual(["kube-state-metrics-clusterrole"]);
    const role = object(T.clusterRole, "kube-state-metrics-clusterrole");
    expect(role.rules).toEqual(kubeStateMetricsWorkload().kubernetesApi?.rules);
    const binding = object(T.clusterRoleBinding, "kube-state-metrics-clusterrolebinding");
    expect(binding.roleRef).toEqual({
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: role.metadata.name,
    });
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "kube-state-metrics", namespace }]);
  });
});

describe("ingress", () => {
  it("routes the UI host to the Service port, with class and annotations from the settings", () => {
    const ingress = object(T.ingress, "alertmanager-ingress");
    expect(ingress.metadata).toMatchObject({
      name: "alertmanager",
      namespace,
      annotations: prod.kubernetes.ingress.annotations,
    });
    expect(ingress.spec).toEqual({
      ingressClassName: "nginx",
      rules: [
        {
          host: "alertmanager.obs.example.com",
          http: {
            paths: [
              {
                path: "/",
                pathType: "Prefix",
                backend: { service: { name: "alertmanager", port: { name: "http" } } },
              },
            ],
          },
        },
      ],
    });
  });

  it("reports the UI URL, and none without Ingress or UI", async () => {
    expect(await valueOf(deployed["alertmanager"].uiUrl!)).toBe("https://alertmanager.obs.example.com/");
    expect(await valueOf(deployed["jaeger"].uiUrl!)).toBe("https://jaeger.obs.example.com/");
    expect(deployed["blackbox"].uiUrl).toBeUndefined();
    expect(deployed["stg-alertmanager"].uiUrl).toBeUndefined();
    expect(
      recorder
        .ofType(T.ingress)
        .map((ingress) => ingress.name)
        .sort(),
    ).toEqual(["alertmanager-ingress", "jaeger-ingress"]);
  });
});

describe("network policies", () => {
  const stackNamespaces = {
    matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [namespace, hostNamespace] }],
  };
  const role = (name: string) => ({
    namespaceSelector: stackNamespaces,
    podSelector: { matchLabels: { "app.kubernetes.io/name": name } },
  });

  it("open each allowed port, by number and protocol, to the roles, the Ingress controller and the cluster", () => {
    const alertmanager = object(T.networkPolicy, "alertmanager-networkpolicy");
    expect(alertmanager.metadata).toMatchObject({ name: "alertmanager", namespace });
    expect(alertmanager.spec).toEqual({
      podSelector: { matchLabels: { "app.kubernetes.io/name": "alertmanager" } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [
            role("prometheus"),
            role("grafana"),
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } },
          ],
          ports: [{ port: 9093, protocol: "TCP" }],
        },
        {
          from: [role("alertmanager")],
          ports: [
            { port: 9094, protocol: "TCP" },
            { port: 9094, protocol: "UDP" },
          ],
        },
      ],
    });
    const jaeger = object(T.networkPolicy, "jaeger-networkpolicy");
    expect(jaeger.spec.ingress[1]).toEqual({
      from: [{ namespaceSelector: {} }],
      ports: [
        { port: 4317, protocol: "TCP" },
        { port: 4318, protocol: "TCP" },
      ],
    });
  });

  it("let Prometheus reach node-exporter across namespaces", () => {
    const policy = object(T.networkPolicy, "node-exporter-networkpolicy");
    expect(policy.metadata.namespace).toBe(hostNamespace);
    expect(policy.spec.ingress).toEqual([{ from: [role("prometheus")], ports: [{ port: 9100, protocol: "TCP" }] }]);
  });

  it("never leave a rule open to everyone (an empty from or ports list)", () => {
    for (const policy of recorder.ofType(T.networkPolicy)) {
      for (const rule of ((policy.state as any).spec.ingress ?? []) as any[]) {
        expect(rule.from.length, policy.name).toBeGreaterThan(0);
        expect(rule.ports.length, policy.name).toBeGreaterThan(0);
      }
    }
  });
});

describe("the deployed workload", () => {
  it("lists every resource it created", async () => {
    const urns = await Promise.all(deployed["alertmanager"].resources.map((resource) => valueOf(resource.urn)));
    expect(urns.map((urn) => urn.slice(urn.lastIndexOf("::") + 2)).sort()).toEqual(
      [
        "alertmanager-config-etc-alertmanager-config",
        "alertmanager-config-etc-alertmanager-templates",
        "alertmanager-serviceaccount",
        "alertmanager-statefulset",
        "alertmanager-service",
        "alertmanager-headless",
        "alertmanager-pdb",
        "alertmanager-networkpolicy",
        "alertmanager-ingress",
      ].sort(),
    );
    expect(deployed["kube-state-metrics"].resources).toHaveLength(6);
  });
});
