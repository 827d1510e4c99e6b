import { kubeApi, type ApiResponse } from "./kubeApi";
import { sleep } from "./measure";

/**
 * Stands in for the Ingress controller the local clusters of
 * `scripts/cluster` lack: gives each of the namespace's Ingresses a
 * load-balancer address, which the Kubernetes provider waits for before it
 * calls an Ingress ready. Talks to the API server with the kubeconfig's
 * admin certificate; polls once a second until the returned function stops
 * it (a failed request is tried again on the next round, as a controller would).
 */
export function publishIngressAddresses(kubeconfigPath: string, namespace: string): () => Promise<void> {
  const { request } = kubeApi(kubeconfigPath);
  const ingresses = `/apis/networking.k8s.io/v1/namespaces/${namespace}/ingresses`;
  let running = true;
  const loop = (async () => {
    while (running) {
      const list = await request("GET", ingresses).catch((): ApiResponse => ({ status: 0, body: {} }));
      const items = (list.body["items"] ?? []) as { metadata: { name: string }; status?: Record<string, unknown> }[];
      for (const item of items) {
        const balancer = (item.status?.["loadBalancer"] ?? {}) as { ingress?: unknown[] };
        if ((balancer.ingress ?? []).length > 0) continue;
        await request(
          "PATCH",
          `${ingresses}/${item.metadata.name}/status`,
          { status: { loadBalancer: { ingress: [{ ip: "127.0.0.1" }] } } },
          "application/merge-patch+json",
        ).catch(() => undefined);
      }
      await sleep(1000);
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}
