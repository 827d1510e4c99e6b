/**
 * A structural check of cert-manager's `cert-manager.io/v1` `Certificate`,
 * which `kubernetes-models` does not ship (it has no cert-manager CRDs). It
 * follows the CRD's schema for the fields the stack may set, and behaves like
 * the `kubernetes-models` classes: `validate()` throws on a wrong type, a
 * missing required field or a value outside an enum, and reads only the
 * properties the schema knows (maps excepted), so `unknownFields` in
 * kubernetesModels.ts finds misspelled ones the same way.
 * Source of the field list: cert-manager's Certificate API reference
 * (https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.Certificate).
 */

type Field =
  | "string"
  | "boolean"
  | "integer"
  | "stringArray"
  | "map"
  | { readonly enum: readonly string[] }
  | { readonly enumArray: readonly string[] }
  | { readonly pattern: RegExp; readonly example: string }
  | Shape;

interface Shape {
  readonly fields: Readonly<Record<string, Field>>;
  readonly required?: readonly string[];
}

/** A Go duration as cert-manager parses it (`2160h`, `1h30m`). */
const goDuration = { pattern: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/, example: "2160h" };

/** cert-manager's KeyUsage values. */
export const certManagerKeyUsages = [
  "signing",
  "digital signature",
  "content commitment",
  "key encipherment",
  "key agreement",
  "data encipherment",
  "cert sign",
  "crl sign",
  "encipher only",
  "decipher only",
  "any",
  "server auth",
  "client auth",
  "code signing",
  "email protection",
  "s/mime",
  "ipsec end system",
  "ipsec tunnel",
  "ipsec user",
  "timestamping",
  "ocsp signing",
  "microsoft sgc",
  "netscape sgc",
] as const;

const objectMeta: Shape = {
  fields: {
    name: "string",
    namespace: "string",
    labels: "map",
    annotations: "map",
  },
  required: ["name"],
};

const subject: Shape = {
  fields: {
    organizations: "stringArray",
    countries: "stringArray",
    organizationalUnits: "stringArray",
    localities: "stringArray",
    provinces: "stringArray",
    streetAddresses: "stringArray",
    postalCodes: "stringArray",
    serialNumber: "string",
  },
};

const certificateSpec: Shape = {
  fields: {
    secretName: "string",
    secretTemplate: { fields: { labels: "map", annotations: "map" } },
    commonName: "string",
    literalSubject: "string",
    subject,
    dnsNames: "stringArray",
    ipAddresses: "stringArray",
    uris: "stringArray",
    emailAddresses: "stringArray",
    duration: goDuration,
    renewBefore: goDuration,
    renewBeforePercentage: "integer",
    isCA: "boolean",
    usages: { enumArray: certManagerKeyUsages },
    privateKey: {
      fields: {
        algorithm: { enum: ["RSA", "ECDSA", "Ed25519"] },
        size: "integer",
        encoding: { enum: ["PKCS1", "PKCS8"] },
        rotationPolicy: { enum: ["Never", "Always"] },
      },
    },
    issuerRef: { fields: { name: "string", kind: "string", group: "string" }, required: ["name"] },
    revisionHistoryLimit: "integer",
    encodeUsagesInRequest: "boolean",
  },
  required: ["secretName", "issuerRef"],
};

const certificate: Shape = {
  fields: {
    apiVersion: { enum: ["cert-manager.io/v1"] },
    kind: { enum: ["Certificate"] },
    metadata: objectMeta,
    spec: certificateSpec,
  },
  required: ["apiVersion", "kind", "metadata", "spec"],
};

function isShape(field: Field): field is Shape {
  return typeof field === "object" && "fields" in field;
}

function check(field: Field, value: unknown, path: string, problems: string[]): void {
  const is = (ok: boolean, expected: string): void => {
    if (!ok) problems.push(`${path} must be ${expected} (got ${JSON.stringify(value)})`);
  };
  if (field === "string") return is(typeof value === "string", "a string");
  if (field === "boolean") return is(typeof value === "boolean", "a boolean");
  if (field === "integer") return is(Number.isInteger(value), "an integer");
  if (field === "stringArray") {
    return is(Array.isArray(value) && value.every((item) => typeof item === "string"), "a list of strings");
  }
  if (field === "map") {
    // Maps are enumerated: any key is allowed, values are strings.
    return is(
      typeof value === "object" &&
        value !== null &&
        !Array.isArray(value) &&
        Object.values(value).every((item) => typeof item === "string"),
      "a map of strings",
    );
  }
  if ("enum" in field) return is(field.enum.includes(value as string), `one of ${field.enum.join(", ")}`);
  if ("enumArray" in field) {
    return is(
      Array.isArray(value) && value.every((item) => field.enumArray.includes(item as string)),
      `a list of ${field.enumArray.join(", ")}`,
    );
  }
  if ("pattern" in field) {
    return is(typeof value === "string" && field.pattern.test(value), `a duration such as ${field.example}`);
  }
  if (!isShape(field)) return;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return is(false, "an object");
  const record = value as Record<string, unknown>;
  for (const name of field.required ?? []) {
    if (record[name] === undefined) problems.push(`${path}.${name} is required`);
  }
  // Reads each known property by name (never enumerates), so a property
  // read by no one is unknown to the schema.
  for (const [name, inner] of Object.entries(field.fields)) {
    const innerValue = record[name];
    if (innerValue !== undefined) check(inner, innerValue, `${path}.${name}`, problems);
  }
}

function hours(duration: string): number {
  const units: Record<string, number> = { h: 1, m: 1 / 60, s: 1 / 3600, ms: 1 / 3.6e6, us: 1 / 3.6e9, µs: 1 / 3.6e9 };
  let total = 0;
  for (const [, amount, , unit] of duration.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(amount) * (units[unit] ?? 0);
  }
  return total;
}

/** cert-manager's `Certificate` (cert-manager.io/v1), with the checks its webhook makes on these fields. */
export class CertManagerCertificate {
  constructor(data: Record<string, unknown>) {
    Object.assign(this, data);
  }

  validate(): void {
    const object = this as unknown as Record<string, unknown>;
    const problems: string[] = [];
    check(certificate, object, "", problems);
    const spec = object["spec"] as Record<string, unknown> | undefined;
    if (problems.length === 0 && spec !== undefined) {
      const subjects = ["commonName", "dnsNames", "ipAddresses", "uris", "emailAddresses"];
      if (subjects.every((name) => spec[name] === undefined)) {
        problems.push(".spec needs at least one of commonName, dnsNames, ipAddresses, uris or emailAddresses");
      }
      const duration = spec["duration"] as string | undefined;
      const renewBefore = spec["renewBefore"] as string | undefined;
      if (duration !== undefined && hours(duration) < 1) problems.push(".spec.duration must be at least 1h");
      if (duration !== undefined && renewBefore !== undefined && hours(renewBefore) >= hours(duration)) {
        problems.push(`.spec.renewBefore (${renewBefore}) must be shorter than .spec.duration (${duration})`);
      }
    }
    if (problems.length > 0) throw new Error(problems.join("; "));
  }
}
