import { parseAllDocuments } from "yaml";
import { kubernetesTypes } from "./kubernetes";

/**
 * Configuration files carried by ConfigMaps and Secrets, parsed. YAML 1.2 is
 * a superset of JSON, so one parser reads prometheus.yml, provisioning files
 * and dashboards alike. A file that does not parse yields no documents: the
 * structural checks then have nothing to read, and the text checks still run.
 */
export function parseDocuments(content: string): unknown[] {
  try {
    return parseAllDocuments(content, { prettyErrors: false })
      .filter((document) => document.errors.length === 0)
      .map((document) => document.toJS({ maxAliasCount: 100 }) as unknown);
  } catch {
    return [];
  }
}

/** One key of a parsed document with its value and where it sits (`a.b[2].c`). */
export interface DocumentEntry {
  readonly path: string;
  readonly key: string;
  readonly value: unknown;
}

/** Every key/value pair of a parsed document, depth first. */
export function documentEntries(document: unknown, path = ""): DocumentEntry[] {
  if (Array.isArray(document)) {
    return document.flatMap((item, index) => documentEntries(item, `${path}[${index}]`));
  }
  if (typeof document !== "object" || document === null) return [];
  return Object.entries(document as Record<string, unknown>).flatMap(([key, value]) => {
    const entryPath = path === "" ? key : `${path}.${key}`;
    return [{ path: entryPath, key, value }, ...documentEntries(value, entryPath)];
  });
}

/**
 * The files of a ConfigMap or Secret, by key: `data` and `stringData` as the
 * resource gives them. Secret `data` is base64 (decoded here); ConfigMap
 * `binaryData` is not text and is skipped. `undefined` for other types.
 */
export function configFilesOf(type: string, props: Record<string, unknown>): Map<string, string> | undefined {
  if (type !== kubernetesTypes.configMap && type !== kubernetesTypes.secret) return undefined;
  const files = new Map<string, string>();
  const add = (source: unknown, decode: boolean) => {
    if (typeof source !== "object" || source === null) return;
    for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
      if (typeof value !== "string") continue;
      files.set(key, decode ? Buffer.from(value, "base64").toString("utf8") : value);
    }
  };
  add(props["data"], type === kubernetesTypes.secret);
  add(props["stringData"], false);
  return files;
}
