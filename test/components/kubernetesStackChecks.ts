/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return --
   These checks walk generated Kubernetes objects; their schema is enforced by
   validateKubernetesObject, so the walk reads them untyped. */
import { compareSync } from "bcryptjs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ProgramRun } from "../../scripts/underMocks/programUnderMocks";
import { validateKubernetesObject } from "../helpers/kubernetesModels";
import type { StackName } from "../../scripts/underMocks/stacks";

type K8sObject = Record<string, any>;

/** Checks a Kubernetes stack (staging or prod) must pass under mocks. */
export function describeKubernetesStack(stack: StackName, getRun: () => ProgramRun): void {
  const objects = (kind: string): K8sObject[] =>
    getRun()
      .resources.filter((r) => r.type.startsWith("kubernetes:") && r.type.endsWith(`:${kind}`))
      .map((r) => r.state as K8sObject);
  const named = (kind: string, name: string): K8sObject => {
    const found = objects(kind).filter((o) => o["metadata"]?.name === name);
    expect(found, `${kind} ${name}`).toHaveLength(1);
    return found[0];
  };
  const namespace = `observability-${stack}`;

  describe(`${stack} stack on kubernetes`, () => {
    it("creates no docker resources, and generates only Grafana's secret_key and the basic-auth password", () => {
      const run = getRun();
      expect(run.resources.filter((r) => r.type.startsWith("docker:"))).toEqual([]);
      expect(run.resources.filter((r) => r.type.startsWith("random:")).map((r) => r.name)).toEqual([
        "observability-grafanaSecretKey",
        "observability-webBasicAuthPassword",
      ]);
    });

    it("produces only objects that match the Kubernetes schema, with no unknown fields", () => {
      const all = getRun().resources.filter((r) => r.type.startsWith("kubernetes:"));
      expect(all.length).toBeGreaterThan(40);
      for (const resource of all) validateKubernetesObject(resource.state);
    });

    it("puts the stack in its namespace and node-exporter apart, each with its Pod Security level", () => {
      expect(named("Namespace", namespace)["metadata"].labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
      expect(named("Namespace", `${namespace}-host`)["metadata"].labels["pod-security.kubernetes.io/enforce"]).toBe(
        "privileged",
      );
      expect(named("DaemonSet", "node-exporter")["metadata"].namespace).toBe(`${namespace}-host`);
    });

    it("runs Prometheus as 2 and Alertmanager as 3 clustered replicas with disruption budgets", () => {
      const prometheus = named("StatefulSet", "prometheus");
      expect(prometheus["spec"].replicas).toBe(2);
      expect(prometheus["spec"].volumeClaimTemplates).toHaveLength(1);
      const alertmanager = named("StatefulSet", "alertmanager");
      expect(alertmanager["spec"].replicas).toBe(3);
      const args: string[] = alertmanager["spec"].template.spec.containers[0].args;
      expect(args.filter((arg) => arg.startsWith("--cluster.peer="))).toEqual(
        [0, 1, 2].map((i) => `--cluster.peer=alertmanager-${i}.alertmanager-headless.${namespace}.svc:9094`),
      );
      expect(named("Service", "alertmanager-headless")["spec"].clusterIP).toBe("None");
      expect(
        objects("PodDisruptionBudget")
          .map((pdb) => pdb["metadata"].name)
          .sort(),
      ).toEqual(["alertmanager", "prometheus"]);
    });

    it("exposes the UIs through Ingress only, and the Jaeger UI (no auth of its own) not at all without a proxy", () => {
      const hosts = objects("Ingress")
        .map((ingress) => ingress["spec"].rules[0].host)
        .sort();
      expect(hosts).toEqual(
        ["alertmanager", "grafana", "prometheus"].map(
          (ui) => `${ui}.obs.${stack === "prod" ? "" : "staging."}example.com`,
        ),
      );
      for (const service of objects("Service")) {
        expect(service["spec"].type ?? "ClusterIP", service["metadata"].name).toBe("ClusterIP");
      }
    });

    it("runs every container with limits and a restricted security context outside the host namespace", () => {
      const workloads = [...objects("Deployment"), ...objects("StatefulSet"), ...objects("DaemonSet")];
      expect(workloads.length).toBeGreaterThanOrEqual(7);
      for (const workload of workloads) {
        const pod = workload["spec"].template.spec;
        for (const container of pod.containers) {
          expect(container.resources.limits, workload["metadata"].name).toBeDefined();
          expect(container.livenessProbe, workload["metadata"].name).toBeDefined();
          expect(container.readinessProbe, workload["metadata"].name).toBeDefined();
          if (workload["metadata"].namespace === namespace) {
            expect(container.securityContext).toMatchObject({
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ["ALL"] },
            });
            expect(pod.securityContext).toMatchObject({
              runAsNonRoot: true,
              seccompProfile: { type: "RuntimeDefault" },
            });
          }
        }
      }
    });

    it("denies ingress by default in both namespaces and allows only declared flows", () => {
      const policies = objects("NetworkPolicy");
      const denyAll = policies.filter(
        (p) => Object.keys(p["spec"].podSelector ?? {}).length === 0 && p["spec"].ingress === undefined,
      );
      expect(denyAll.map((p) => p["metadata"].namespace).sort()).toEqual([namespace, `${namespace}-host`]);
      const prometheusPolicy = policies.find(
        (p) => p["spec"].podSelector?.matchLabels?.["app.kubernetes.io/name"] === "prometheus",
      );
      expect(prometheusPolicy).toBeDefined();
    });

    it("keeps alertmanager.yml in a Secret and prometheus.yml in a ConfigMap", () => {
      const secrets = objects("Secret").flatMap((secret) => Object.keys(secret["stringData"] ?? {}));
      expect(secrets).toContain("alertmanager.yml");
      const configMaps = objects("ConfigMap").flatMap((map) => Object.keys(map["data"] ?? {}));
      expect(configMaps).toContain("prometheus.yml");
      expect(configMaps).not.toContain("alertmanager.yml");
    });

    it("embeds in every web config the random provider's bcrypt hash of the generated basic-auth password", () => {
      const password = getRun().resources.find((r) => r.name === "observability-webBasicAuthPassword")?.state as
        { result: string; bcryptHash: string } | undefined;
      expect(password?.bcryptHash).toMatch(/^\$2b\$04\$/);
      const webConfigs = objects("Secret")
        .flatMap((secret) => Object.entries(secret["stringData"] ?? {}))
        .filter(([file]) => file === "web.yml")
        .map(([, content]) => parse(String(content)) as { basic_auth_users?: Record<string, string> });
      // Prometheus, Alertmanager, node-exporter and the blackbox exporter.
      expect(webConfigs).toHaveLength(4);
      for (const webConfig of webConfigs) {
        expect(webConfig.basic_auth_users).toEqual({ observability: password?.bcryptHash });
        expect(compareSync(password?.result ?? "", webConfig.basic_auth_users?.["observability"] ?? "")).toBe(true);
      }
    });

    it("gives Prometheus the cluster read access its service discovery needs, and nobody else but kube-state-metrics", () => {
      const bindings = objects("ClusterRoleBinding")
        .map((binding) => binding["subjects"][0].name)
        .sort();
      expect(bindings).toEqual(["kube-state-metrics", "prometheus"]);
    });
  });
}
