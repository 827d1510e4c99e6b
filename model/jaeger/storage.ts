import type { JaegerStorage } from "../../settings/schema";
import { secretToken } from "../secrets";

/** Where Badger keeps its files: the workload's data volume. */
export const jaegerDataPath = "/var/lib/jaeger";

/**
 * One `jaeger_storage` backend for the configured storage type, with the
 * keys of Jaeger v2's storage configs (`memory.max_traces`;
 * `badger.directories/ephemeral/ttl.spans`; `elasticsearch|opensearch`
 * `server_urls`, `indices.index_prefix`, `auth.basic`).
 */
export function storageBackend(storage: JaegerStorage): Record<string, unknown> {
  switch (storage.type) {
    case "memory":
      return { memory: { max_traces: storage.maxTraces } };
    case "badger":
      return {
        badger: {
          // Keys and values on the persistent volume; ephemeral would put them in /tmp.
          directories: { keys: `${jaegerDataPath}/keys`, values: `${jaegerDataPath}/values` },
          ephemeral: false,
          ttl: { spans: storage.ttl },
        },
      };
    case "elasticsearch":
    case "opensearch": {
      const basic =
        storage.username !== undefined || storage.passwordSecret !== undefined
          ? {
              auth: {
                basic: {
                  ...(storage.username !== undefined ? { username: storage.username } : {}),
                  ...(storage.passwordSecret !== undefined ? { password: secretToken(storage.passwordSecret) } : {}),
                },
              },
            }
          : {};
      return {
        [storage.type]: {
          server_urls: storage.urls,
          indices: { index_prefix: storage.indexPrefix },
          ...basic,
        },
      };
    }
  }
}
