import type { RemoteWrite } from "../../settings/schema";
import { secretToken } from "../secrets";
import type { FileSpec } from "../workload";
import { secretFilePath } from "./paths";

/** Prometheus' names for the queue settings the schema exposes. */
function queueConfig(queue: NonNullable<RemoteWrite["queue"]>): Record<string, unknown> {
  const entries: [string, unknown][] = [
    ["capacity", queue.capacity],
    ["max_shards", queue.maxShards],
    ["min_shards", queue.minShards],
    ["max_samples_per_send", queue.maxSamplesPerSend],
    ["batch_send_deadline", queue.batchSendDeadline],
    ["min_backoff", queue.minBackoff],
    ["max_backoff", queue.maxBackoff],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

/**
 * One `remote_write` entry. Credentials are referenced by file
 * (`password_file`, `credentials_file`) rather than written inline, so
 * prometheus.yml stays a plain, reviewable ConfigMap and only the secret
 * files are Secrets.
 */
export function remoteWriteEntry(endpoint: RemoteWrite): Record<string, unknown> {
  const entry: Record<string, unknown> = { name: endpoint.name, url: endpoint.url };
  if (endpoint.basicAuth !== undefined) {
    entry["basic_auth"] = {
      username: endpoint.basicAuth.username,
      password_file: secretFilePath(endpoint.basicAuth.passwordSecret),
    };
  }
  if (endpoint.bearerTokenSecret !== undefined) {
    entry["authorization"] = { type: "Bearer", credentials_file: secretFilePath(endpoint.bearerTokenSecret) };
  }
  if (endpoint.headers !== undefined && Object.keys(endpoint.headers).length > 0) entry["headers"] = endpoint.headers;
  if (endpoint.queue !== undefined) {
    const queue = queueConfig(endpoint.queue);
    if (Object.keys(queue).length > 0) entry["queue_config"] = queue;
  }
  return entry;
}

/** The secret config keys the remote-write endpoints read from files. */
export function remoteWriteSecretKeys(endpoints: readonly RemoteWrite[]): string[] {
  const keys = endpoints.flatMap((endpoint) => [endpoint.basicAuth?.passwordSecret, endpoint.bearerTokenSecret]);
  return [...new Set(keys.filter((key): key is string => key !== undefined))].sort();
}

/** The raw secret files behind `password_file` / `credentials_file`: just the token, filled later. */
export function remoteWriteSecretFiles(endpoints: readonly RemoteWrite[]): FileSpec[] {
  return remoteWriteSecretKeys(endpoints).map((key) => ({
    path: secretFilePath(key),
    content: secretToken(key),
    secretEscaping: "raw",
  }));
}
