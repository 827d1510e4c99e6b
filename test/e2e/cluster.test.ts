import type { Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  conditionStatus,
  startedCluster,
  testCluster,
  publishIngressAddresses,
  type KubeObject,
  type TestCluster,
} from "../helpers/cluster";
import { engineUnderTest, EngineProject, previewSteps, resourceOf } from "../helpers/engine";
import type { StackName } from "../../scripts/underMocks/stacks";
import { removeTempDir } from "../helpers/tempFiles";

// The Kubernetes stacks deployed by the real engine to a real API server
// (scripts/cluster: etcd, kube-apiserver with Pod Security admission,
// kube-controller-manager, kube-scheduler, and a node played by kwok, so
// that pods are scheduled, admitted and turn Ready while no container runs).
// The Kubernetes provider applies with server-side apply and awaits every
// workload as it does on any cluster.
const engine = engineUnderTest();
const cluster = testCluster();
const minutes = 60_000;

/** Timing of each stack's first `up`, printed at the end. */
const figures: string[] = [];

describe.runIf(engine !== undefined && cluster !== undefined).each(["staging", "prod"] as const)(
  "the %s stack on a real Kubernetes API server",
  (name: StackName) => {
    // Called only by tests, which run only when the cluster is there (runIf above).
    const api = (): TestCluster => startedCluster(cluster, "kwok");
    const namespace = `observability-${name}`;
    let project: EngineProject;
    let stack: Stack;
    let ingresses: { stop: () => Promise<void> } | undefined;

    beforeAll(async () => {
      if (engine === undefined || cluster === undefined) return;
      project = new EngineProject(engine);
      ({ stack } = await project.initStack(name, { kubeconfig: cluster.kubeconfig }));
      ingresses = publishIngressAddresses(cluster, namespace);
      const started = Date.now();
      const result = await stack.up();
      expect(result.summary.result).toBe("succeeded");
      figures.push(
        `${name}: up of ${result.summary.resourceChanges?.["create"] ?? 0} resources on the cluster in ${Math.round((Date.now() - started) / 1000)} s`,
      );
    }, 20 * minutes);

    afterAll(async () => {
      await ingresses?.stop();
      if (project !== undefined) removeTempDir(project.root);
      if (name === "prod") console.log(`cluster figures:\n  ${figures.join("\n  ")}`);
    });

    it("runs in a namespace that enforces Pod Security restricted, where every pod was admitted", async () => {
      const ns = await api().get<KubeObject>(`/api/v1/namespaces/${namespace}`);
      expect(ns.metadata.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
      // A pod that breaks restricted is refused by the API server itself.
      const refused = await api().request("POST", `/api/v1/namespaces/${namespace}/pods?dryRun=All`, {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "privileged-probe" },
        spec: { containers: [{ name: "c", image: "busybox", securityContext: { privileged: true } }] },
      });
      expect(refused.status).toBe(403);
      expect(String(refused.body["message"])).toContain('violates PodSecurity "restricted:latest"');
    });

    it("brings every workload to Ready: Deployments, StatefulSets and DaemonSets, their pods and claims", async () => {
      const namespaces = [namespace, `${namespace}-host`];
      const workloads: KubeObject[] = [];
      for (const ns of namespaces) {
        workloads.push(...(await api().list(`/apis/apps/v1/namespaces/${ns}/deployments`)));
        workloads.push(...(await api().list(`/apis/apps/v1/namespaces/${ns}/statefulsets`)));
      }
      expect(workloads.length).toBeGreaterThanOrEqual(4);
      for (const workload of workloads) {
        const wanted = (workload.spec?.["replicas"] as number | undefined) ?? 1;
        expect(workload.status?.["readyReplicas"], workload.metadata.name).toBe(wanted);
      }
      const daemonSets = (
        await Promise.all(namespaces.map((ns) => api().list(`/apis/apps/v1/namespaces/${ns}/daemonsets`)))
      ).flat();
      for (const daemonSet of daemonSets) {
        expect(daemonSet.status?.["numberReady"], daemonSet.metadata.name).toBe(
          daemonSet.status?.["desiredNumberScheduled"],
        );
      }
      const pods = (await Promise.all(namespaces.map((ns) => api().list(`/api/v1/namespaces/${ns}/pods`)))).flat();
      const notReady = pods.filter((pod) => conditionStatus(pod, "Ready") !== "True").map((pod) => pod.metadata.name);
      expect(notReady).toEqual([]);
      const claims = await api().list(`/api/v1/namespaces/${namespace}/persistentvolumeclaims`);
      expect(claims.length).toBeGreaterThan(0);
      expect(claims.filter((claim) => claim.status?.["phase"] !== "Bound").map((claim) => claim.metadata.name)).toEqual(
        [],
      );
      figures.push(
        `${name}: ${pods.length} pods Ready, ${workloads.length + daemonSets.length} workloads, ${claims.length} claims bound`,
      );
    });

    it("gives every Service endpoints from its Ready pods", async () => {
      const services = await api().list(`/api/v1/namespaces/${namespace}/services`);
      const slices = await api().list<KubeObject & { endpoints?: { conditions?: { ready?: boolean } }[] }>(
        `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices`,
      );
      const withoutEndpoints = services
        .filter((service) => service.spec?.["selector"] !== undefined)
        .filter((service) => {
          const own = slices.filter(
            (slice) => slice.metadata.labels?.["kubernetes.io/service-name"] === service.metadata.name,
          );
          return !own.some((slice) => (slice.endpoints ?? []).some((endpoint) => endpoint.conditions?.ready === true));
        })
        .map((service) => service.metadata.name);
      expect(withoutEndpoints).toEqual([]);
    });

    it(
      "previews no change right after up on the real server",
      async () => {
        const result = await stack.preview({ expectNoChanges: true });
        expect(Object.keys(result.changeSummary)).toEqual(["same"]);
      },
      10 * minutes,
    );

    // The change is checked once, on prod.
    if (name === "prod") {
      it(
        "applies a routing change and a retention change with exactly the expected steps, keeping every claim",
        async () => {
          const claimsBefore = (await api().list(`/api/v1/namespaces/${namespace}/persistentvolumeclaims`))
            .map((claim) => `${claim.metadata.name}=${claim.metadata.uid}`)
            .sort();
          const statefulBefore = (await api().list(`/apis/apps/v1/namespaces/${namespace}/statefulsets`))
            .map((set) => `${set.metadata.name}=${set.metadata.uid}`)
            .sort();
          await stack.setConfig("observability:alerting.groupWait", { value: "45s" }, true);
          await stack.setConfig("observability:prometheus.retention.time", { value: "21d" }, true);
          const { steps } = await previewSteps(stack);
          const secret = "kubernetes:core/v1:Secret::observability-alertmanager-config-etc-alertmanager";
          expect(
            steps
              .filter((step) => step.op !== "same")
              .map((step) => `${step.op} ${resourceOf(step.urn)}`)
              .sort(),
          ).toEqual([
            `create-replacement ${secret}`,
            `delete-replaced ${secret}`,
            `replace ${secret}`,
            "update kubernetes:apps/v1:StatefulSet::observability-alertmanager-statefulset",
            "update kubernetes:apps/v1:StatefulSet::observability-prometheus-statefulset",
          ]);
          const result = await stack.up();
          expect(result.summary.result).toBe("succeeded");
          expect(result.summary.resourceChanges).toMatchObject({ update: 2, replace: 1 });
          const prometheus = await api().get<KubeObject>(
            `/apis/apps/v1/namespaces/${namespace}/statefulsets/prometheus`,
          );
          const args =
            (prometheus.spec?.["template"] as { spec: { containers: { args: string[] }[] } }).spec.containers[0]
              ?.args ?? [];
          expect(args).toContain("--storage.tsdb.retention.time=21d");
          expect(
            (await api().list(`/api/v1/namespaces/${namespace}/persistentvolumeclaims`))
              .map((claim) => `${claim.metadata.name}=${claim.metadata.uid}`)
              .sort(),
          ).toEqual(claimsBefore);
          expect(
            (await api().list(`/apis/apps/v1/namespaces/${namespace}/statefulsets`))
              .map((set) => `${set.metadata.name}=${set.metadata.uid}`)
              .sort(),
          ).toEqual(statefulBefore);
        },
        20 * minutes,
      );
    }

    it(
      "destroys everything of the stack: its namespaces and cluster-wide objects are gone",
      async () => {
        const result = await stack.destroy();
        expect(result.summary.result).toBe("succeeded");
        for (const ns of [namespace, `${namespace}-host`]) {
          const deadline = Date.now() + 3 * minutes;
          let status = 200;
          while (Date.now() < deadline) {
            status = (await api().request("GET", `/api/v1/namespaces/${ns}`)).status;
            if (status === 404) break;
            await new Promise((resolve) => setTimeout(resolve, 1000));
          }
          expect(status, `namespace ${ns}`).toBe(404);
        }
        const clusterWide = [
          ...(await api().list("/apis/rbac.authorization.k8s.io/v1/clusterroles")),
          ...(await api().list("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings")),
        ].filter((object) => object.metadata.labels?.["app.kubernetes.io/part-of"] === "observability-stack");
        expect(clusterWide.map((object) => object.metadata.name)).toEqual([]);
        const state = (await stack.exportStack()).deployment as { resources?: unknown[] };
        expect(state.resources ?? []).toEqual([]);
      },
      15 * minutes,
    );
  },
);
