import { underRoot } from "../helpers/tempFiles";

/**
 * A copy of a parsed document whose every `*_file` value (an in-container
 * path) points below `root`, where the test wrote the files.
 */
export function rewriteFilePaths(node: unknown, root: string): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteFilePaths(item, root));
  if (typeof node !== "object" || node === null) return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key.endsWith("_file") && typeof value === "string" ? underRoot(root, value) : rewriteFilePaths(value, root),
    ]),
  );
}
