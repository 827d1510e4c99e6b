import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { configNamespace, type RawStackConfig } from "./validate";

/** Absolute path of `Pulumi.<stack>.yaml` in the project folder. */
export function stackFilePath(stack: string, projectDir = path.resolve(__dirname, "..")): string {
  return path.join(projectDir, `Pulumi.${stack}.yaml`);
}

function isSecureValue(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if ("secure" in value) return true;
  return Object.values(value).some(isSecureValue);
}

/**
 * Reads a stack's config straight from its `Pulumi.<stack>.yaml`, without an
 * engine: for the render command, the tests and the benchmark. Encrypted
 * values are recorded as present secrets; their ciphertext is never read.
 */
export function rawConfigFromStackFile(stack: string, projectDir?: string): RawStackConfig {
  const file = stackFilePath(stack, projectDir);
  if (!fs.existsSync(file)) {
    throw new Error(`no stack file ${file}; stacks are the Pulumi.<stack>.yaml files beside Pulumi.yaml`);
  }
  const document = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const values: Record<string, unknown> = {};
  const secretKeys = new Set<string>();
  for (const [fullKey, value] of Object.entries(document.config ?? {})) {
    if (!fullKey.startsWith(`${configNamespace}:`)) continue;
    const key = fullKey.slice(configNamespace.length + 1);
    if (isSecureValue(value)) secretKeys.add(key);
    else values[key] = value;
  }
  return { stack, values, secretKeys };
}
