import * as fs from "node:fs";
import * as https from "node:https";
import { parse } from "yaml";

/** The fields of a `scripts/cluster` kubeconfig that a client of its API server reads. */
export interface Kubeconfig {
  clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
  users: { user: { "client-certificate-data": string; "client-key-data": string } }[];
}

/** An API server's answer: the status and the parsed body (`{ text }` when it is not JSON). */
export interface ApiResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A client of the API server of a `scripts/cluster` kubeconfig. */
export interface KubeApi {
  /** The API server's address. */
  readonly server: URL;
  /**
   * One request, authenticated with the kubeconfig's admin certificate.
   * @param method HTTP method.
   * @param path API path, e.g. `/api/v1/namespaces`.
   * @param body Sent as JSON when given.
   * @param contentType Of the body; a patch names its kind here (`application/merge-patch+json`).
   */
  readonly request: (method: string, path: string, body?: unknown, contentType?: string) => Promise<ApiResponse>;
}

/**
 * A client for the cluster of `kubeconfigPath` with its admin certificate:
 * what the tests and the bench need of the API, without kubectl.
 * @throws when the file names no cluster or user.
 */
export function kubeApi(kubeconfigPath: string): KubeApi {
  const config = parse(fs.readFileSync(kubeconfigPath, "utf8")) as Kubeconfig;
  const cluster = config.clusters[0]?.cluster;
  const user = config.users[0]?.user;
  if (cluster === undefined || user === undefined) throw new Error(`${kubeconfigPath} names no cluster or user`);
  const decoded = (data: string) => Buffer.from(data, "base64");
  const agent = new https.Agent({
    ca: decoded(cluster["certificate-authority-data"]),
    cert: decoded(user["client-certificate-data"]),
    key: decoded(user["client-key-data"]),
  });
  const request = (method: string, path: string, body?: unknown, contentType = "application/json") =>
    new Promise<ApiResponse>((resolve, reject) => {
      const req = https.request(
        new URL(path, cluster.server),
        { method, agent, timeout: 30_000, headers: body === undefined ? {} : { "Content-Type": contentType } },
        (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString()));
          response.on("end", () => {
            let parsed: Record<string, unknown>;
            try {
              parsed = text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
            } catch {
              parsed = { text };
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on("error", reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  return { server: new URL(cluster.server), request };
}
