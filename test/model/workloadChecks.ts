import * as path from "node:path";
import { expect } from "vitest";
import { parse } from "yaml";
import { bcryptToken, fillSecrets, secretKeysIn, secretToken, stableBcrypt } from "../../model/secrets";
import type { FileSpec, Workload } from "../../model/workload";

/**
 * Invariants every workload of the Grafana, Jaeger and exporter models
 * keeps, asserted the same way for each stack.
 */

/** Port names are unique and short; every name health, ui and allowFrom use exists; no port is unused. */
export function expectConsistentPorts(workload: Workload): void {
  const names = workload.ports.map((port) => port.name);
  expect(new Set(names).size, `${workload.role}: duplicate port names ${names.join(",")}`).toBe(names.length);
  for (const port of workload.ports) {
    expect(port.name.length, `${workload.role}: port name ${port.name} too long for Kubernetes`).toBeLessThanOrEqual(
      15,
    );
    expect(port.name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    expect(port.port).toBeGreaterThan(0);
    expect(port.port).toBeLessThan(65536);
  }
  const referenced = [
    workload.health.liveness.port,
    workload.health.readiness.port,
    ...(workload.ui ? [workload.ui.port] : []),
    ...workload.allowFrom.flatMap((rule) => rule.ports),
  ];
  for (const name of referenced) expect(names, `${workload.role} refers to port '${name}'`).toContain(name);
  for (const name of names) expect(referenced, `${workload.role}: port '${name}' is never used`).toContain(name);
  for (const rule of workload.allowFrom) expect(rule.from.length).toBeGreaterThan(0);
}

/** Whether a file embeds at least one secret token. */
function isSecretFile(file: FileSpec): boolean {
  return secretKeysIn(file.content).length > 0;
}

/** Every scalar of a parsed document, with its path, for "token stands alone" checks. */
function scalars(value: unknown, at = "$"): { at: string; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => scalars(item, `${at}[${index}]`));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => [
      { at: `${at}.${key}#key`, value: key },
      ...scalars(inner, `${at}.${key}`),
    ]);
  }
  return [{ at, value }];
}

/**
 * Secrets appear only as tokens, only in files, and only in directories
 * that hold nothing but secret files: never in env, args or command. A raw
 * file is exactly one token; in YAML/JSON files each token is a whole
 * scalar, so filling cannot break the document. Filled with the test
 * values, every document still parses and carries the value.
 */
export function expectSecretsOnlyInSecretFiles(workload: Workload, values: Readonly<Record<string, string>>): void {
  const tokenLike = /__SECRET_/;
  for (const [name, value] of Object.entries(workload.env)) {
    expect(value, `${workload.role}: env ${name} holds a secret token`).not.toMatch(tokenLike);
  }
  for (const arg of [...workload.args, ...(workload.command ?? [])]) {
    expect(arg, `${workload.role}: an argument holds a secret token`).not.toMatch(tokenLike);
  }
  const secretValues = Object.values(values);
  const visible = [JSON.stringify(workload.env), ...workload.args, ...workload.files.map((file) => file.content)];
  for (const value of secretValues) {
    for (const text of visible) expect(text.includes(value), `${workload.role} contains a secret value`).toBe(false);
  }

  const byDirectory = new Map<string, FileSpec[]>();
  for (const file of workload.files) {
    expect(path.isAbsolute(file.path), file.path).toBe(true);
    const dir = path.dirname(file.path);
    byDirectory.set(dir, [...(byDirectory.get(dir) ?? []), file]);
  }
  for (const [dir, files] of byDirectory) {
    const secret = files.filter(isSecretFile).length;
    expect([0, files.length], `${workload.role}: ${dir} mixes secret and plain files`).toContain(secret);
  }
  const paths = workload.files.map((file) => file.path);
  expect(new Set(paths).size, `${workload.role}: duplicate file paths`).toBe(paths.length);

  for (const file of workload.files.filter(isSecretFile)) {
    const keys = secretKeysIn(file.content);
    if (file.secretEscaping === "raw") {
      expect(keys.length, file.path).toBe(1);
      expect(file.content, `${file.path} must be exactly one token`).toBe(secretToken(keys[0]));
    } else {
      const documentScalars = scalars(parse(file.content) as unknown);
      for (const key of keys) {
        // A key appears as its value's token or its bcrypt hash's token (web configs).
        const tokens = [secretToken(key), bcryptToken(key)];
        const whole = documentScalars.filter((scalar) => tokens.includes(scalar.value as string));
        const partial = documentScalars.filter(
          (scalar) =>
            typeof scalar.value === "string" &&
            !tokens.includes(scalar.value) &&
            tokens.some((token) => (scalar.value as string).includes(token)),
        );
        expect(whole.length, `${file.path}: ${tokens[0]} must stand alone as a scalar`).toBeGreaterThan(0);
        expect(partial, `${file.path}: ${tokens[0]} embedded in a larger string`).toEqual([]);
      }
    }
    const filled = fillSecrets(file, values);
    if (file.secretEscaping === "yaml") {
      // Filled values are quoted scalars: the parsed document holds them verbatim.
      const filledScalars = scalars(parse(filled) as unknown).map((scalar) => scalar.value);
      for (const key of keys) {
        const expected = file.content.includes(bcryptToken(key)) ? stableBcrypt(values[key]) : values[key];
        expect(filledScalars, `${file.path}: ${key} after filling`).toContain(expected);
      }
    } else {
      for (const key of keys) expect(filled).toContain(values[key]);
    }
  }
}

/** Files are not mounted over the data volume or scratch paths, and the image is pinned. */
export function expectSaneLayout(workload: Workload): void {
  expect(workload.image).toMatch(/(:[\w.-]+|@sha256:[a-f0-9]{64})$/);
  expect(workload.image).not.toMatch(/:latest$/);
  const owned = [...(workload.dataVolume ? [workload.dataVolume.mountPath] : []), ...workload.scratchPaths];
  for (const file of workload.files) {
    for (const dir of owned) {
      expect(file.path.startsWith(dir + "/"), `${file.path} is inside ${dir}`).toBe(false);
    }
  }
  expect(workload.replicas).toBeGreaterThanOrEqual(1);
  // Root only with host access whose documented reason says why (cAdvisor reads root-owned host state).
  if (workload.user.uid === 0) expect(workload.host?.reason ?? "").toMatch(/\broot\b/);
  if (workload.host !== undefined) expect(workload.host.reason.length).toBeGreaterThan(20);
}

/** All three, for a workload of one stack. */
export function expectWellFormed(workload: Workload, values: Readonly<Record<string, string>>): void {
  expectConsistentPorts(workload);
  expectSecretsOnlyInSecretFiles(workload, values);
  expectSaneLayout(workload);
}
