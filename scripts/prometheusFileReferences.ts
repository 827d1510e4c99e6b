import * as path from "node:path";

/**
 * Points every file reference of a parsed prometheus.yml (`rule_files`
 * patterns and `*_file` keys) below `under`, where a test or a benchmark
 * has written the files at their in-container paths, so that promtool or a
 * Prometheus outside the container finds them. The `*_file` values found
 * are pushed to `found` (the credential files the config expects).
 */
export function rewriteFileReferences(node: unknown, under: string, found: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteFileReferences(item, under, found));
  if (typeof node !== "object" || node === null) return node;
  const rewritten: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "rule_files" && Array.isArray(value)) {
      rewritten[key] = value.map((pattern) => path.join(under, String(pattern)));
    } else if (key.endsWith("_file") && typeof value === "string") {
      found.push(value);
      rewritten[key] = path.join(under, value);
    } else {
      rewritten[key] = rewriteFileReferences(value, under, found);
    }
  }
  return rewritten;
}
