import { publishIngressAddresses as publishAddresses } from "../../scripts/ingressAddresses";
import { kubeApi, type ApiResponse } from "../../scripts/kubeApi";

/**
 * The test cluster `scripts/cluster start` runs (its kubeconfig named by
 * OBSERVABILITY_CLUSTER_KUBECONFIG, which `npm test` sets), and a client for
 * its API with the kubeconfig's admin certificate: no kubectl needed.
 */
export interface TestCluster {
  /** The kubeconfig file, for the Kubernetes provider (`kubernetes:kubeconfig`). */
  readonly kubeconfig: string;
  /** The API server's address (on the kubelet cluster, the node's address, which pods reach too). */
  readonly server: URL;
  /** One API request; resolves with the status and the parsed body. */
  request(method: string, path: string, body?: unknown, contentType?: string): Promise<ApiResponse>;
  /** GET that must succeed. @throws with the API's message otherwise. */
  get<T = Record<string, unknown>>(path: string): Promise<T>;
  /** The items of a list GET that must succeed. */
  list<T = KubeObject>(path: string): Promise<T[]>;
}

/** The environment that names each kind of test cluster (`scripts/cluster start --node <kind>`). */
const clusterVariables = {
  kwok: { kubeconfig: "OBSERVABILITY_CLUSTER_KUBECONFIG", required: "OBSERVABILITY_REQUIRE_CLUSTER" },
  kubelet: {
    kubeconfig: "OBSERVABILITY_KUBELET_CLUSTER_KUBECONFIG",
    required: "OBSERVABILITY_REQUIRE_KUBELET_CLUSTER",
  },
} as const;

/**
 * The cluster a test file found (see testCluster), for its tests, which run
 * only when there is one. @throws saying how to start one otherwise.
 */
export function startedCluster(cluster: TestCluster | undefined, kind: keyof typeof clusterVariables): TestCluster {
  if (cluster === undefined)
    throw new Error(`no ${kind} test cluster: start one with bash scripts/cluster start --node ${kind}`);
  return cluster;
}

/**
 * The test cluster of a kind named by the environment (the node played by
 * kwok, or a real kubelet); undefined when none is set, which fails when
 * its OBSERVABILITY_REQUIRE_… variable is 1 (as `npm test` sets it).
 */
export function testCluster(kind: keyof typeof clusterVariables = "kwok"): TestCluster | undefined {
  const variables = clusterVariables[kind];
  const file = process.env[variables.kubeconfig];
  if (file === undefined || file === "") {
    if (process.env[variables.required] === "1")
      throw new Error(`${variables.kubeconfig} is not set; start one with: bash scripts/cluster start --node ${kind}`);
    return undefined;
  }
  const { server, request } = kubeApi(file);
  const get = async <T>(path: string): Promise<T> => {
    const response = await request("GET", path);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as T;
  };
  return {
    kubeconfig: file,
    server,
    request,
    get,
    async list<T>(path: string): Promise<T[]> {
      return (await get<KubeList<T>>(path)).items;
    },
  };
}

/** The items of a Kubernetes list. */
export interface KubeList<T = KubeObject> {
  readonly items: T[];
}

/** The fields of a Kubernetes object the tests read. */
export interface KubeObject {
  readonly kind?: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly uid: string;
    readonly labels?: Record<string, string>;
    readonly deletionTimestamp?: string;
  };
  readonly spec?: Record<string, unknown>;
  readonly status?: Record<string, unknown>;
}

/** The status of an object's condition of `type` (e.g. a pod's `Ready`), if it has one. */
export function conditionStatus(object: KubeObject, type: string): string | undefined {
  const conditions = (object.status?.["conditions"] ?? []) as { type: string; status: string }[];
  return conditions.find((each) => each.type === type)?.status;
}

/**
 * Plays an Ingress controller's one visible duty on the test cluster (no
 * controller runs there): see scripts/ingressAddresses.ts. Polls until stopped.
 */
export function publishIngressAddresses(cluster: TestCluster, namespace: string): { stop: () => Promise<void> } {
  return { stop: publishAddresses(cluster.kubeconfig, namespace) };
}
