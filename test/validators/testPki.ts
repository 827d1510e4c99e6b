import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { tlsRolesInUse } from "../../model/rolesInUse";
import type { ResolvedSettings } from "../../settings/validate";
import { caCertSecretKey, tlsDnsNames, tlsSecretKeys } from "../../model/tls";

/**
 * Real certificates for tests, made with the `openssl` CLI in a temporary
 * folder: a CA and leaf certificates shaped like the stack's own (ECDSA
 * P-256, as components/certificates.ts makes them; server and client
 * authentication, since Alertmanager peers are both). Valid two days.
 */

/** PEM files of one certificate and its key. */
export interface CertificateFiles {
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
  readonly keyPem: string;
}

function openssl(args: readonly string[], cwd: string): void {
  const result = spawnSync("openssl", args, { cwd, encoding: "utf8", timeout: 30_000 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`openssl ${args.join(" ")} failed:\n${result.stderr}`);
}

function read(dir: string, name: string): CertificateFiles {
  const certPath = path.join(dir, `${name}.crt`);
  const keyPath = path.join(dir, `${name}.key`);
  return { certPath, keyPath, certPem: fs.readFileSync(certPath, "utf8"), keyPem: fs.readFileSync(keyPath, "utf8") };
}

const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

/** A self-signed CA named `name` in `dir`. */
export function makeCa(dir: string, name: string): CertificateFiles {
  fs.mkdirSync(dir, { recursive: true });
  openssl(
    [
      "req",
      "-x509",
      ...ecKey,
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.crt`,
      "-days",
      "2",
      "-subj",
      `/CN=${name}`,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
  return read(dir, name);
}

/** A leaf certificate for `name` signed by `ca`, with these DNS names and IP addresses as SANs. */
export function makeLeaf(
  dir: string,
  ca: CertificateFiles,
  name: string,
  dnsNames: readonly string[],
  ipAddresses: readonly string[] = [],
): CertificateFiles {
  const sans = [...dnsNames.map((dns) => `DNS:${dns}`), ...ipAddresses.map((ip) => `IP:${ip}`)].join(",");
  const extensions = [
    "basicConstraints=critical,CA:FALSE",
    "keyUsage=critical,digitalSignature",
    "extendedKeyUsage=serverAuth,clientAuth",
    `subjectAltName=${sans}`,
  ].join("\n");
  fs.writeFileSync(path.join(dir, `${name}.ext`), `${extensions}\n`);
  openssl(["req", "-new", ...ecKey, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`], dir);
  openssl(
    [
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      ca.certPath,
      "-CAkey",
      ca.keyPath,
      "-CAcreateserial",
      "-days",
      "2",
      "-out",
      `${name}.crt`,
      "-extfile",
      `${name}.ext`,
    ],
    dir,
  );
  return read(dir, name);
}

/** The stack's certificates for a test: the CA and one leaf per TLS role in use. */
export interface StackPki {
  readonly ca: CertificateFiles;
  readonly leaves: Readonly<Record<string, CertificateFiles>>;
  /** The certificates as the secrets dictionary holds them (selfSigned keys of model/tls.ts). */
  readonly secretValues: Readonly<Record<string, string>>;
}

/**
 * A CA and a certificate for every TLS role the stack runs, with the SANs
 * the stack would give it (`tlsDnsNames`) plus `extraIps` (127.0.0.1 for
 * servers started on loopback).
 */
export function makeStackPki(dir: string, settings: ResolvedSettings, extraIps: readonly string[] = []): StackPki {
  const ca = makeCa(dir, "observability-test-ca");
  const leaves: Record<string, CertificateFiles> = {};
  const secretValues: Record<string, string> = { [caCertSecretKey]: ca.certPem };
  const replicas: Record<string, number> = {
    prometheus: settings.prometheus.replicas,
    alertmanager: settings.alertmanager.replicas,
  };
  for (const role of tlsRolesInUse(settings)) {
    const leaf = makeLeaf(dir, ca, role, tlsDnsNames(settings, role, replicas[role] ?? 1), extraIps);
    leaves[role] = leaf;
    const keys = tlsSecretKeys(role);
    secretValues[keys.cert] = leaf.certPem;
    secretValues[keys.key] = leaf.keyPem;
  }
  return { ca, leaves, secretValues };
}
