import * as fs from "node:fs";
import * as https from "node:https";
import { parse } from "yaml";

/** The fields of a `scripts/cluster` kubeconfig that a client of its API server reads. */
export interface Kubeconfig {
  clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
  users: { user: { "client-certificate-data": string; "client-key-data": string } }[];
}

/**
 * Stands in for the Ingress controller the local clusters of
 * `scripts/cluster` lack: gives each of the namespace's Ingresses a
 * load-balancer address, which the Kubernetes provider waits for before it
 * calls an Ingress ready. Talks to the API server with the kubeconfig's
 * admin certificate; polls once a second until the returned function stops
 * it (a failed request is tried again on the next round, as a controller would).
 */
export function publishIngressAddresses(kubeconfigPath: string, namespace: string): () => Promise<void> {
  const config = parse(fs.readFileSync(kubeconfigPath, "utf8")) as Kubeconfig;
  const [cluster] = config.clusters;
  const [user] = config.users;
  if (cluster === undefined || user === undefined) throw new Error(`${kubeconfigPath} names no cluster or user`);
  const decoded = (data: string) => Buffer.from(data, "base64");
  const agent = new https.Agent({
    ca: decoded(cluster.cluster["certificate-authority-data"]),
    cert: decoded(user.user["client-certificate-data"]),
    key: decoded(user.user["client-key-data"]),
  });
  const request = (method: string, path: string, body?: unknown): Promise<{ items?: unknown[] }> =>
    new Promise((resolve, reject) => {
      const req = https.request(
        new URL(path, cluster.cluster.server),
        {
          method,
          agent,
          timeout: 10_000,
          headers: body === undefined ? {} : { "Content-Type": "application/merge-patch+json" },
        },
        (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString()));
          response.on("end", () => resolve(text === "" ? {} : (JSON.parse(text) as { items?: unknown[] })));
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on("error", reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  let running = true;
  const loop = (async () => {
    while (running) {
      const list = await request("GET", `/apis/networking.k8s.io/v1/namespaces/${namespace}/ingresses`).catch(() => ({
        items: [],
      }));
      for (const item of (list.items ?? []) as { metadata: { name: string }; status?: Record<string, unknown> }[]) {
        const balancer = (item.status?.["loadBalancer"] ?? {}) as { ingress?: unknown[] };
        if ((balancer.ingress ?? []).length > 0) continue;
        await request(
          "PATCH",
          `/apis/networking.k8s.io/v1/namespaces/${namespace}/ingresses/${item.metadata.name}/status`,
          { status: { loadBalancer: { ingress: [{ ip: "127.0.0.1" }] } } },
        ).catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}
