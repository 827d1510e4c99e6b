import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { caCertSecretKey, tlsDnsNames, tlsSecretKeys } from "../../model/tls";
import type { ResolvedSettings } from "../../settings/validate";
import type { SecretOutputs } from "../../components/resolveWorkload";
import {
  recordResources,
  unwrapInputs,
  valueOf,
  type RecordedResource,
  type ResourceRecorder,
} from "../../scripts/underMocks/mocks";
import { settingsWith, stackSettings } from "../../scripts/underMocks/stacks";
import {
  mockCertificatePem,
  mockPrivateKeyMarker,
  mockPrivateKeyPem,
  tlsComputedOutputs,
  tlsTypes,
} from "../../scripts/underMocks/tlsMocks";

import type * as CertificatesModule from "../../components/certificates";

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return --
   Recorded inputs are untyped; the assertions are the type check. */

/** The TLS roles of a full stack and their replicas, as prod runs them. */
const prodRoles = [
  { role: "prometheus", replicas: 2 },
  { role: "alertmanager", replicas: 3 },
  { role: "grafana", replicas: 1 },
  { role: "jaeger", replicas: 1 },
  { role: "node-exporter", replicas: 1 },
  { role: "kube-state-metrics", replicas: 1 },
  { role: "blackbox-exporter", replicas: 1 },
];
const devRoles = prodRoles
  .filter(({ role }) => role !== "kube-state-metrics")
  .map(({ role }) => ({ role, replicas: 1 }));

const prod = stackSettings("prod");
const dev = settingsWith("dev", { tls: { mode: "selfSigned", validityHours: 2160, earlyRenewalHours: 240 } });

let recorder: ResourceRecorder;
let certificates: typeof CertificatesModule;
const runs: Record<string, { parent: pulumi.ComponentResource; secrets: SecretOutputs }> = {};

function run(name: string, settings: ResolvedSettings, roles: typeof prodRoles): void {
  const parent = new pulumi.ComponentResource(
    "observability:test:Stack",
    name,
    {},
    { transformations: [recorder.trace] },
  );
  runs[name] = { parent, secrets: certificates.createSelfSignedCertificates(parent, name, settings, roles) };
}

beforeAll(async () => {
  recorder = await recordResources({ computed: tlsComputedOutputs });
  certificates = await import("../../components/certificates");
  run("prod", prod, prodRoles);
  run("again", prod, prodRoles);
  run("dev", dev, devRoles);
  await recorder.settle(Object.values(runs).map((entry) => entry.parent));
  await Promise.all(
    Object.values(runs).flatMap((entry) => Object.values(entry.secrets).map((output) => valueOf(output))),
  );
});

function ofRun(name: string): RecordedResource[] {
  return recorder.resources.filter(
    (resource) => resource.type.startsWith("tls:") && resource.name.startsWith(`${name}-`),
  );
}

function inputs(type: string, name: string): any {
  return recorder.get(type, name).inputs;
}

describe("the stack CA", () => {
  it("is an ECDSA P-256 key and a self-signed CA certificate that signs leaves only", () => {
    expect(inputs(tlsTypes.privateKey, "prod-tls-ca-key")).toEqual({ algorithm: "ECDSA", ecdsaCurve: "P256" });
    const ca = inputs(tlsTypes.selfSignedCert, "prod-tls-ca-cert");
    expect(ca).toEqual({
      privateKeyPem: mockPrivateKeyPem("prod-tls-ca-key"),
      isCaCertificate: true,
      maxPathLength: 0,
      allowedUses: ["cert_signing", "crl_signing"],
      subject: { commonName: "prod observability CA", organization: "observability-stack" },
      setSubjectKeyId: true,
      setAuthorityKeyId: true,
      validityPeriodHours: 8760,
      earlyRenewalHours: 720,
    });
  });

  it("takes its validity and renewal window from tls settings", () => {
    const ca = inputs(tlsTypes.selfSignedCert, "dev-tls-ca-cert");
    expect(ca.validityPeriodHours).toBe(2160);
    expect(ca.earlyRenewalHours).toBe(240);
    expect(ca.subject.commonName).toBe("dev observability CA");
  });
});

describe("service certificates", () => {
  it("are a key, a request and a CA-signed certificate per role, all under the given parent", () => {
    const expected = [
      `${tlsTypes.privateKey}::prod-tls-ca-key`,
      `${tlsTypes.selfSignedCert}::prod-tls-ca-cert`,
      ...prodRoles.flatMap(({ role }) => [
        `${tlsTypes.privateKey}::prod-tls-${role}-key`,
        `${tlsTypes.certRequest}::prod-tls-${role}-csr`,
        `${tlsTypes.locallySignedCert}::prod-tls-${role}-cert`,
      ]),
    ];
    const made = ofRun("prod");
    expect(made.map((resource) => `${resource.type}::${resource.name}`).sort()).toEqual(expected.sort());
    for (const resource of made) {
      expect(resource.parent, resource.name).toBe(runs["prod"].parent);
      expect(resource.parentUrn, resource.name).toMatch(/::observability:test:Stack::prod$/);
    }
  });

  it.each(prodRoles)("$role (prod): SANs for every name it is reached by, and 127.0.0.1", ({ role, replicas }) => {
    const request = inputs(tlsTypes.certRequest, `prod-tls-${role}-csr`);
    expect(request.dnsNames).toEqual(tlsDnsNames(prod, role, replicas));
    // node-exporter runs in the host namespace, apart from the rest.
    const namespace = role === "node-exporter" ? "observability-prod-host" : "observability-prod";
    expect(request.dnsNames).toEqual(
      expect.arrayContaining([role, "localhost", `${role}.${namespace}.svc`, `${role}.${namespace}.svc.cluster.local`]),
    );
    expect(request.ipAddresses).toEqual(["127.0.0.1"]);
    expect(request.subject).toEqual({ commonName: role, organization: "observability-stack" });
    expect(request.privateKeyPem).toBe(mockPrivateKeyPem(`prod-tls-${role}-key`));
    expect(inputs(tlsTypes.privateKey, `prod-tls-${role}-key`)).toEqual({ algorithm: "ECDSA", ecdsaCurve: "P256" });
  });

  it("cover each replica's stable name and the UI host through Ingress", () => {
    const names = (role: string): string[] => inputs(tlsTypes.certRequest, `prod-tls-${role}-csr`).dnsNames;
    expect(names("alertmanager")).toEqual(
      expect.arrayContaining(
        [0, 1, 2].map((index) => `alertmanager-${index}.alertmanager-headless.observability-prod.svc`),
      ),
    );
    expect(names("alertmanager")).not.toContain("alertmanager-3.alertmanager-headless.observability-prod.svc");
    expect(names("prometheus")).toEqual(
      expect.arrayContaining(["prometheus-1.prometheus-headless.observability-prod.svc", "prometheus.obs.example.com"]),
    );
    expect(names("grafana")).toContain("grafana.obs.example.com");
    expect(names("node-exporter").some((name) => name.endsWith(".obs.example.com"))).toBe(false);
  });

  it.each(devRoles)("$role (dev): SANs are the network alias and localhost", ({ role }) => {
    const request = inputs(tlsTypes.certRequest, `dev-tls-${role}-csr`);
    expect(request.dnsNames).toEqual([role, "localhost"]);
    expect(request.ipAddresses).toEqual(["127.0.0.1"]);
  });

  it.each(prodRoles)("$role: signed by the stack CA for server and client auth", ({ role }) => {
    const cert = inputs(tlsTypes.locallySignedCert, `prod-tls-${role}-cert`);
    expect(cert).toEqual({
      certRequestPem: expect.stringContaining(`MOCK-CSR-prod-tls-${role}-csr`),
      caPrivateKeyPem: mockPrivateKeyPem("prod-tls-ca-key"),
      caCertPem: mockCertificatePem("prod-tls-ca-cert"),
      allowedUses: ["digital_signature", "server_auth", "client_auth"],
      setSubjectKeyId: true,
      validityPeriodHours: 8760,
      earlyRenewalHours: 720,
    });
  });
});

describe("the PEMs it returns", () => {
  it("are the CA certificate and each role's certificate and key, under the model's keys", async () => {
    const secrets = runs["prod"].secrets;
    const expectedKeys = [caCertSecretKey, ...prodRoles.flatMap(({ role }) => Object.values(tlsSecretKeys(role)))];
    expect(Object.keys(secrets).sort()).toEqual(expectedKeys.sort());
    expect(await valueOf(secrets[caCertSecretKey])).toBe(mockCertificatePem("prod-tls-ca-cert"));
    for (const { role } of prodRoles) {
      const keys = tlsSecretKeys(role);
      expect(await valueOf(secrets[keys.cert])).toBe(mockCertificatePem(`prod-tls-${role}-cert`));
      expect(await valueOf(secrets[keys.key])).toBe(mockPrivateKeyPem(`prod-tls-${role}-key`));
    }
  });

  it("are all secret Outputs", async () => {
    for (const [key, output] of Object.entries(runs["prod"].secrets)) {
      expect(pulumi.Output.isInstance(output), key).toBe(true);
      expect(await pulumi.isSecret(output), key).toBe(true);
    }
  });
});

describe("private keys", () => {
  it("reach the CSR and the signer only as secret inputs", async () => {
    const holders = ofRun("prod").filter((resource) => JSON.stringify(resource.inputs).includes(mockPrivateKeyMarker));
    expect(holders.length).toBe(1 + 2 * prodRoles.length);
    for (const resource of holders) {
      const { value, secretPaths } = await unwrapInputs(resource.rawInputs);
      const field = resource.type === tlsTypes.locallySignedCert ? "caPrivateKeyPem" : "privateKeyPem";
      expect(String((value as any)[field]), resource.name).toContain(mockPrivateKeyMarker);
      expect(secretPaths, resource.name).toContain(`/${field}`);
      for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
        if (name !== field)
          expect(JSON.stringify(inner), `${resource.name}.${name}`).not.toContain(mockPrivateKeyMarker);
      }
    }
  });
});

describe("determinism", () => {
  it("gives identical inputs on every run: no clock, no randomness in the program", () => {
    const normalise = (name: string) =>
      ofRun(name).map((resource) =>
        JSON.parse(
          JSON.stringify({ type: resource.type, name: resource.name, inputs: resource.inputs }).replaceAll(
            `${name}-tls-`,
            "X-tls-",
          ),
        ),
      );
    const first = normalise("prod");
    expect(first.length).toBe(2 + 3 * prodRoles.length);
    expect(normalise("again")).toEqual(first);
  });
});

describe("misuse", () => {
  it("refuses other TLS modes and a role listed twice", () => {
    const parent = new pulumi.ComponentResource("observability:test:Stack", "misuse");
    expect(() =>
      certificates.createSelfSignedCertificates(parent, "none", { ...prod, tls: { mode: "none" } }, prodRoles),
    ).toThrow(/only for tls.mode selfSigned \(got none\)/);
    expect(() =>
      certificates.createSelfSignedCertificates(parent, "twice", prod, [prodRoles[0], prodRoles[0]]),
    ).toThrow(/listed twice: prometheus/);
  });
});
