/**
 * The dev stack's prometheus.yml at scale, made runnable outside Docker:
 * its files written to a temp folder, file references pointed there, and
 * every target pointed at one synthetic server.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { prometheusPaths, prometheusWorkload } from "../../model/prometheus";
import { fillSecrets } from "../../model/secrets";
import { scaleSettings } from "../underMocks/scaleStack";
import { testSecretValues } from "../underMocks/stacks";
import { rewriteFileReferences } from "../prometheusFileReferences";
import { scale } from "./parameters";
import { writeFile } from "./util";

/**
 * Points every `static_configs` target at the synthetic server, and a
 * relabelling that sets `__address__` to a fixed host (the blackbox job's
 * exporter) too: the Docker-only names would not resolve here.
 */
function rewriteTargets(node: unknown, target: string, count: { targets: number; relabels: number }): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteTargets(item, target, count));
  if (typeof node !== "object" || node === null) return node;
  const object = node as Record<string, unknown>;
  if (Array.isArray(object["targets"])) {
    count.targets += object["targets"].length;
    return { ...object, targets: object["targets"].map(() => target) };
  }
  if (object["target_label"] === "__address__" && typeof object["replacement"] === "string") {
    count.relabels++;
    return { ...object, replacement: target };
  }
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, rewriteTargets(value, target, count)]));
}

/** Writes the dev stack's files under `dir` with paths and targets rewritten; returns the config and its counts. */
export function devScaleConfig(dir: string, target: string) {
  const settings = scaleSettings("dev", scale.services, scale.slos);
  const secrets = testSecretValues(settings);
  const files = prometheusWorkload(settings).files.map((file) => ({
    path: file.path,
    content: fillSecrets(file, secrets),
  }));
  for (const file of files) writeFile(path.join(dir, file.path), file.content);
  const original = parse(files.find((file) => file.path === prometheusPaths.config)?.content ?? "") as Record<
    string,
    unknown
  >;
  const credentialFiles: string[] = [];
  const count = { targets: 0, relabels: 0 };
  const config = rewriteTargets(rewriteFileReferences(original, dir, credentialFiles), target, count);
  const missing = credentialFiles.filter((file) => !fs.existsSync(path.join(dir, file)));
  if (missing.length > 0)
    throw new Error(`prometheus.yml names files the workload does not ship: ${missing.join(", ")}`);
  const configPath = path.join(dir, "prometheus.yml");
  writeFile(configPath, stringify(config));
  return {
    configPath,
    jobs: ((original["scrape_configs"] ?? []) as unknown[]).length,
    ruleFiles: files.filter((file) => file.path.startsWith(`${prometheusPaths.rulesDir}/`)).length,
    credentialFiles: credentialFiles.length,
    staticTargets: count.targets,
    relabels: count.relabels,
  };
}
