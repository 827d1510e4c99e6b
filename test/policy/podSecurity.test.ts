import { describe, expect, it } from "vitest";
import { hostAccessOnlyInHostNamespace, podSecurityRestricted } from "../../policy/policies/podSecurity";
import { checkResource, checkStack, messages } from "./harness";
import {
  copy,
  firstContainer,
  hostNamespace,
  namespace,
  namespaceObject,
  nodeExporterDaemonSet,
  podSpecOfFixture,
  prometheusStatefulSet,
  workload,
  container,
} from "./fixtures";

describe("pod-security-restricted", () => {
  it("passes a workload whose containers meet restricted", async () => {
    expect(await checkResource(podSecurityRestricted, prometheusStatefulSet())).toEqual([]);
    expect(await checkResource(podSecurityRestricted, nodeExporterDaemonSet())).toEqual([]);
  });

  it("names each missing field of a container", async () => {
    const resource = copy(prometheusStatefulSet());
    firstContainer(resource)["securityContext"] = { capabilities: { add: ["SYS_ADMIN"] }, privileged: true };
    delete podSpecOfFixture(resource)["securityContext"];
    expect(messages(await checkResource(podSecurityRestricted, resource))).toEqual([
      "StatefulSet observability-prod/prometheus: containers 'prometheus': set securityContext.runAsNonRoot: true (on the container or the pod)",
      "StatefulSet observability-prod/prometheus: containers 'prometheus': set securityContext.seccompProfile.type: RuntimeDefault (got nothing)",
      "StatefulSet observability-prod/prometheus: containers 'prometheus': set securityContext.allowPrivilegeEscalation: false",
      "StatefulSet observability-prod/prometheus: containers 'prometheus': privileged: true is not allowed",
      "StatefulSet observability-prod/prometheus: containers 'prometheus': set securityContext.capabilities.drop: [\"ALL\"]",
      "StatefulSet observability-prod/prometheus: containers 'prometheus': capabilities.add may only hold NET_BIND_SERVICE (got SYS_ADMIN)",
      "StatefulSet observability-prod/prometheus: containers 'prometheus': set securityContext.readOnlyRootFilesystem: true (mount an emptyDir where it writes)",
    ]);
  });

  it("takes runAsNonRoot and seccomp from the pod when the container does not set them, and rejects uid 0", async () => {
    const resource = copy(prometheusStatefulSet());
    const context = firstContainer(resource)["securityContext"] as Record<string, unknown>;
    delete context["runAsNonRoot"];
    delete context["seccompProfile"];
    expect(await checkResource(podSecurityRestricted, resource)).toEqual([]);
    podSpecOfFixture(resource)["securityContext"] = {
      runAsNonRoot: true,
      runAsUser: 0,
      seccompProfile: { type: "Unconfined" },
    };
    expect(messages(await checkResource(podSecurityRestricted, resource))).toEqual([
      "StatefulSet observability-prod/prometheus: containers 'prometheus': runAsUser 0 is root; run as a non-zero uid",
      "StatefulSet observability-prod/prometheus: containers 'prometheus': set securityContext.seccompProfile.type: RuntimeDefault (got Unconfined)",
    ]);
  });

  it("checks init containers too", async () => {
    const resource = copy(prometheusStatefulSet());
    podSpecOfFixture(resource)["initContainers"] = [{ ...container("init", "busybox:1.37"), securityContext: {} }];
    expect(messages(await checkResource(podSecurityRestricted, resource))).toContain(
      "StatefulSet observability-prod/prometheus: initContainers 'init': set securityContext.allowPrivilegeEscalation: false",
    );
  });

  it("ignores resources that run no pods", async () => {
    const notAWorkload = { type: "kubernetes:core/v1:ConfigMap", name: "cm", props: { data: {} } };
    expect(await checkResource(podSecurityRestricted, notAWorkload)).toEqual([]);
  });
});

describe("host-access-only-in-host-namespace", () => {
  const namespaces = [namespaceObject(namespace, "restricted"), namespaceObject(hostNamespace, "privileged")];

  it("lets node-exporter use the host in the namespace labelled privileged, read-only", async () => {
    const resources = [...namespaces, nodeExporterDaemonSet(), prometheusStatefulSet()];
    expect(await checkStack(hostAccessOnlyInHostNamespace, resources)).toEqual([]);
  });

  it("rejects host access in the restricted namespace", async () => {
    const moved = copy(nodeExporterDaemonSet());
    (moved.props["metadata"] as Record<string, unknown>)["namespace"] = namespace;
    const violations = await checkStack(hostAccessOnlyInHostNamespace, [...namespaces, moved]);
    expect(messages(violations)).toEqual([
      "DaemonSet observability-prod/node-exporter uses hostNetwork, hostPID, hostPath volumes (host-proc, host-root), but namespace 'observability-prod' is not a namespace of this stack labelled pod-security.kubernetes.io/enforce=privileged; only the host-access namespace (node-exporter's, see docs/decisions.md) may use the host",
    ]);
    expect(violations[0].urn).toBe(
      "urn:pulumi:test::observability::kubernetes:apps/v1:DaemonSet::observability-node-exporter-daemonset",
    );
  });

  it("rejects host access in a namespace the stack does not label for it", async () => {
    const violations = await checkStack(hostAccessOnlyInHostNamespace, [namespaces[0], nodeExporterDaemonSet()]);
    expect(messages(violations)[0]).toMatch(
      /namespace 'observability-prod-host' is not a namespace of this stack labelled/,
    );
  });

  it("rejects writable host paths and hostIPC even in the host namespace", async () => {
    const resource = copy(nodeExporterDaemonSet());
    podSpecOfFixture(resource)["hostIPC"] = true;
    const mounts = firstContainer(resource)["volumeMounts"] as Record<string, unknown>[];
    delete mounts[1]["readOnly"];
    expect(messages(await checkStack(hostAccessOnlyInHostNamespace, [...namespaces, resource]))).toEqual([
      "DaemonSet observability-prod-host/node-exporter: hostIPC is never needed; remove it",
      "DaemonSet observability-prod-host/node-exporter: containers 'node-exporter' mounts 'host-root' at /host/root writable; host paths must be mounted readOnly: true",
    ]);
  });

  it("rejects host ports outside the host namespace", async () => {
    const resource = workload("Deployment", "web", {
      containers: [container("web", "nginx:1.27", { ports: [{ containerPort: 80, hostPort: 8080 }] })],
    });
    expect(messages(await checkStack(hostAccessOnlyInHostNamespace, [...namespaces, resource]))[0]).toMatch(
      /^Deployment observability-prod\/web uses hostPort, but namespace/,
    );
  });
});
