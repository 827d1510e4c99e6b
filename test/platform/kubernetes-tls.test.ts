import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { servesTls, tlsDnsNames } from "../../model/tls";
import type { DeployedWorkload, Foundation, Platform } from "../../platform/types";
import type { ResolvedSettings } from "../../settings/validate";
import { validateKubernetesObject } from "../helpers/kubernetesModels";
import {
  isUnderSecret,
  recordResources,
  unwrapInputs,
  valueOf,
  type RecordedResource,
  type ResourceRecorder,
} from "../../scripts/underMocks/mocks";
import { settingsWith, stackSettings } from "../../scripts/underMocks/stacks";
import {
  alertmanagerExecProbes,
  alertmanagerWithTlsFiles,
  alertmanagerWithTlsSecret,
  blackboxWithHttps,
  fixtureKeyMarker,
  jaegerWorkload,
  nodeExporterWorkload,
} from "./kubernetesFixtures";

import type * as IngressModule from "../../platform/kubernetes/ingress";
import type * as CertificatesModule from "../../platform/kubernetes/certificates";

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return --
   Recorded inputs are untyped Kubernetes objects; the assertions are the type check. */

const T = {
  secret: "kubernetes:core/v1:Secret",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  deployment: "kubernetes:apps/v1:Deployment",
  daemonSet: "kubernetes:apps/v1:DaemonSet",
  ingress: "kubernetes:networking.k8s.io/v1:Ingress",
  certificate: "kubernetes:cert-manager.io/v1:Certificate",
} as const;

const selfSigned = stackSettings("prod");
const certManager = settingsWith("prod", {
  tls: { mode: "certManager", issuer: { name: "letsencrypt", kind: "ClusterIssuer" } },
});
const providedSecrets = {
  prometheus: "ops-prometheus-cert",
  alertmanager: "ops-alertmanager-cert",
  grafana: "ops-grafana-cert",
  jaeger: "ops-jaeger-cert",
  "node-exporter": "ops-node-exporter-cert",
  "kube-state-metrics": "ops-ksm-cert",
  "blackbox-exporter": "ops-blackbox-cert",
};
const provided = settingsWith("prod", { tls: { mode: "provided", secrets: providedSecrets } });
const namespace = selfSigned.kubernetes.namespace;
const hostNamespace = `${namespace}-host`;

const certificateRoles = [
  { role: "prometheus", replicas: 2 },
  { role: "alertmanager", replicas: 3 },
  { role: "grafana", replicas: 1 },
  { role: "jaeger", replicas: 1 },
  { role: "node-exporter", replicas: 1 },
  { role: "kube-state-metrics", replicas: 1 },
  { role: "blackbox-exporter", replicas: 1 },
];

let recorder: ResourceRecorder;
let platform: Platform;
let ingress: typeof IngressModule;
let certificates: typeof CertificatesModule;
let stack: pulumi.ComponentResource;
let issued: readonly pulumi.Resource[];
const deployed: Record<string, DeployedWorkload> = {};

beforeAll(async () => {
  recorder = await recordResources();
  platform = (await import("../../platform/kubernetes")).kubernetesPlatform;
  ingress = await import("../../platform/kubernetes/ingress");
  certificates = await import("../../platform/kubernetes/certificates");
  stack = new pulumi.ComponentResource("observability:test:Stack", "tls", {}, { transformations: [recorder.trace] });
  const foundations: Record<string, Foundation> = {
    ss: platform.foundation("ss", selfSigned, stack),
    cm: platform.foundation("cm", certManager, stack),
    pv: platform.foundation("pv", provided, stack),
  };
  const deploy = (name: string, workload: Parameters<Platform["deploy"]>[1], settings: ResolvedSettings) => {
    deployed[name] = platform.deploy(name, workload, settings, foundations[name.slice(0, 2)], stack);
  };
  deploy("ss-alertmanager", alertmanagerWithTlsFiles(), selfSigned);
  deploy("ss-blackbox", blackboxWithHttps(), selfSigned);
  deploy("cm-alertmanager", alertmanagerWithTlsSecret("alertmanager-tls"), certManager);
  deploy(
    "cm-node-exporter",
    { ...nodeExporterWorkload(), tlsSecret: { secretName: "node-exporter-tls", mountPath: "/etc/tls/node-exporter" } },
    certManager,
  );
  deploy("pv-alertmanager", alertmanagerWithTlsSecret(providedSecrets.alertmanager), provided);
  issued = platform.issueCertificates!("cm", certManager, certificateRoles, foundations["cm"], stack);
  await recorder.settle([
    stack,
    ...issued,
    ...Object.values(foundations).flatMap((foundation) => foundation.dependsOn),
    ...Object.values(deployed).flatMap((workload) => workload.resources),
  ]);
});

function object(type: string, name: string): any {
  return recorder.get(type, name).state;
}

function kubernetesObjects(): RecordedResource[] {
  return recorder.resources.filter((resource) => resource.type.startsWith("kubernetes:"));
}

describe("every object of the TLS modes", () => {
  it("matches its schema, with no unknown fields (cert-manager Certificates included)", () => {
    const objects = kubernetesObjects();
    expect(objects.filter((resource) => resource.type === T.certificate)).toHaveLength(certificateRoles.length);
    for (const resource of objects) {
      expect(() => validateKubernetesObject(resource.state), `${resource.type} ${resource.name}`).not.toThrow();
    }
  });

  it("never puts a private key outside a Secret, and keeps it secret there", async () => {
    let holders = 0;
    for (const resource of recorder.resources) {
      const plain = JSON.stringify(resource.inputs);
      if (!plain.includes(fixtureKeyMarker)) continue;
      expect(resource.type, `${resource.name} holds a private key`).toBe(T.secret);
      holders++;
      const { value, secretPaths } = await unwrapInputs(resource.rawInputs);
      for (const [file, content] of Object.entries((value as any).stringData as Record<string, string>)) {
        if (content.includes(fixtureKeyMarker)) {
          expect(file).toBe("tls.key");
          expect(isUnderSecret(`/stringData/${file}`, secretPaths), `${resource.name} ${file}`).toBe(true);
        }
      }
    }
    // The role's TLS directory for each of the two selfSigned workloads, and the Ingress's copy.
    expect(holders).toBe(3);
  });
});

describe("cert-manager Certificates (tls.mode certManager)", () => {
  it("are one per role, named after the role and parented to the stack", async () => {
    const made = recorder.ofType(T.certificate);
    expect(made.map((resource) => resource.name).sort()).toEqual(
      certificateRoles.map(({ role }) => `cm-tls-${role}-certificate`).sort(),
    );
    for (const resource of made) expect(resource.parent, resource.name).toBe(stack);
    expect(issued).toHaveLength(certificateRoles.length);
    const urns = await Promise.all(issued.map((resource) => valueOf(resource.urn)));
    expect(urns.every((urn) => urn.includes("kubernetes:cert-manager.io/v1:Certificate::cm-tls-"))).toBe(true);
  });

  it("request the role's SANs from the issuer into the Secret its pods mount", () => {
    expect(object(T.certificate, "cm-tls-alertmanager-certificate")).toEqual({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: {
        name: "alertmanager-tls",
        namespace,
        labels: {
          "app.kubernetes.io/name": "alertmanager",
          "app.kubernetes.io/part-of": "observability-stack",
          "app.kubernetes.io/managed-by": "pulumi",
        },
      },
      spec: {
        secretName: "alertmanager-tls",
        secretTemplate: {
          labels: {
            "app.kubernetes.io/name": "alertmanager",
            "app.kubernetes.io/part-of": "observability-stack",
            "app.kubernetes.io/managed-by": "pulumi",
          },
        },
        commonName: "alertmanager",
        dnsNames: tlsDnsNames(certManager, "alertmanager", 3),
        ipAddresses: ["127.0.0.1"],
        duration: "2160h",
        renewBefore: "360h",
        usages: ["digital signature", "server auth", "client auth"],
        privateKey: { algorithm: "ECDSA", size: 256, encoding: "PKCS8", rotationPolicy: "Always" },
        issuerRef: { name: "letsencrypt", kind: "ClusterIssuer", group: "cert-manager.io" },
      },
    });
    const names = object(T.certificate, "cm-tls-alertmanager-certificate").spec.dnsNames;
    expect(names).toEqual(
      expect.arrayContaining([
        "alertmanager.observability-prod.svc",
        "alertmanager-2.alertmanager-headless.observability-prod.svc",
        "alertmanager.obs.example.com",
      ]),
    );
  });

  it.each(certificateRoles)("$role: in the namespace its pods run in, with its own SANs", ({ role, replicas }) => {
    const certificate = object(T.certificate, `cm-tls-${role}-certificate`);
    expect(certificate.metadata.namespace).toBe(role === "node-exporter" ? hostNamespace : namespace);
    expect(certificate.metadata.name).toBe(`${role}-tls`);
    expect(certificate.spec.secretName).toBe(`${role}-tls`);
    expect(certificate.spec.dnsNames).toEqual(tlsDnsNames(certManager, role, replicas));
    expect(certificate.spec.issuerRef.name).toBe("letsencrypt");
  });

  it("follow the issuer kind and group, and refuse other modes and unknown roles", () => {
    const issuer = settingsWith("prod", {
      tls: { mode: "certManager", issuer: { name: "ops-ca", kind: "Issuer" }, duration: "720h", renewBefore: "240h" },
    });
    const spec = certificates.certificateObject(issuer, "prometheus", 2).spec as any;
    expect(spec.issuerRef).toEqual({ name: "ops-ca", kind: "Issuer", group: "cert-manager.io" });
    expect([spec.duration, spec.renewBefore]).toEqual(["720h", "240h"]);
    expect(() => certificates.certificateObject(selfSigned, "prometheus", 2)).toThrow(/only for tls.mode certManager/);
    const parent = new pulumi.ComponentResource("observability:test:Stack", "refuse");
    const foundation: Foundation = { scope: pulumi.output(namespace), dependsOn: [] };
    expect(() =>
      certificates.issueCertificates("refuse", certManager, [{ role: "cadvisor", replicas: 1 }], foundation, parent),
    ).toThrow(/'cadvisor' is not a role that serves TLS/);
  });
});

describe("TLS material in the pod", () => {
  it("mounts the role's kubernetes.io/tls Secret read-only at its TLS directory (certManager)", () => {
    const spec = object(T.statefulSet, "cm-alertmanager-statefulset").spec.template.spec;
    expect(spec.volumes).toContainEqual({
      name: "tls",
      secret: { secretName: "alertmanager-tls", defaultMode: 0o440 },
    });
    expect(spec.containers[0].volumeMounts).toContainEqual({
      name: "tls",
      mountPath: "/etc/tls/alertmanager",
      readOnly: true,
    });
    // Readable through the pod's fsGroup, which is the process's own group.
    expect(spec.securityContext.fsGroup).toBe(alertmanagerWithTlsFiles().user.gid);
  });

  it("mounts the provided Secret by its configured name (provided)", () => {
    const spec = object(T.statefulSet, "pv-alertmanager-statefulset").spec.template.spec;
    expect(spec.volumes).toContainEqual({
      name: "tls",
      secret: { secretName: "ops-alertmanager-cert", defaultMode: 0o440 },
    });
  });

  it("mounts node-exporter's Secret in the host namespace, where its Certificate is", () => {
    const daemonSet = object(T.daemonSet, "cm-node-exporter-daemonset");
    expect(daemonSet.metadata.namespace).toBe(hostNamespace);
    expect(daemonSet.spec.template.spec.volumes).toContainEqual({
      name: "tls",
      secret: { secretName: "node-exporter-tls", defaultMode: 0o440 },
    });
  });

  it("ships selfSigned TLS files as a Secret readable by owner and group only", () => {
    const tlsSecret = object(T.secret, "ss-alertmanager-config-etc-tls-alertmanager");
    expect(tlsSecret.type).toBe("Opaque");
    expect(Object.keys(tlsSecret.stringData).sort()).toEqual(["ca.crt", "tls.crt", "tls.key"]);
    const spec = object(T.statefulSet, "ss-alertmanager-statefulset").spec.template.spec;
    expect(spec.volumes).toContainEqual({
      name: "config-etc-tls-alertmanager",
      secret: { secretName: tlsSecret.metadata.name, defaultMode: 0o440 },
    });
    expect(spec.volumes.some((volume: any) => volume.name === "tls")).toBe(false);
  });

  it("refuses a TLS Secret mounted where a config directory already is", async () => {
    const { workloadProblems } = await import("../../platform/kubernetes/checks");
    const clash = { ...alertmanagerWithTlsSecret("x"), tlsSecret: { secretName: "x", mountPath: "/alertmanager" } };
    expect(workloadProblems(clash).join("\n")).toMatch(/'\/alertmanager' is mounted twice/);
    const relative = { ...alertmanagerWithTlsSecret("x"), tlsSecret: { secretName: "x", mountPath: "etc/tls" } };
    expect(workloadProblems(relative).join("\n")).toMatch(/must be an absolute directory/);
  });
});

describe("probes", () => {
  it("run the workload's commands instead of HTTP GETs when its endpoints want credentials", () => {
    const container = object(T.statefulSet, "ss-alertmanager-statefulset").spec.template.spec.containers[0];
    expect(container.livenessProbe).toEqual({
      exec: { command: [...alertmanagerExecProbes.liveness] },
      periodSeconds: 15,
      timeoutSeconds: 5,
      failureThreshold: 4,
    });
    expect(container.readinessProbe).toEqual({
      exec: { command: [...alertmanagerExecProbes.readiness] },
      periodSeconds: 5,
      timeoutSeconds: 4,
      failureThreshold: 3,
    });
    expect(container.startupProbe.exec.command).toEqual([...alertmanagerExecProbes.liveness]);
    for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
      expect(container[probe].httpGet, probe).toBeUndefined();
    }
  });

  it("use HTTPS on HTTP probes of a workload that serves TLS", () => {
    const container = object(T.deployment, "ss-blackbox-deployment").spec.template.spec.containers[0];
    for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
      expect(container[probe].httpGet, probe).toEqual({ path: "/-/healthy", port: "http", scheme: "HTTPS" });
    }
  });
});

describe("Ingress TLS", () => {
  const host = "alertmanager.obs.example.com";

  it("selfSigned: serves a kubernetes.io/tls Secret made from the workload's own certificate", async () => {
    const secret = recorder.get(T.secret, "ss-alertmanager-ingress-tls");
    const state = secret.state as any;
    expect(state.type).toBe("kubernetes.io/tls");
    expect(state.metadata.namespace).toBe(namespace);
    expect(state.stringData["tls.crt"]).toContain("fixture-certificate-alertmanager");
    expect(state.stringData["tls.key"]).toContain(`${fixtureKeyMarker}-alertmanager`);
    expect(state.stringData["ca.crt"]).toContain("fixture-ca");
    const { secretPaths } = await unwrapInputs(secret.rawInputs);
    for (const file of ["tls.crt", "tls.key", "ca.crt"]) {
      expect(isUnderSecret(`/stringData/${file}`, secretPaths), file).toBe(true);
    }
    const ing = object(T.ingress, "ss-alertmanager-ingress");
    expect(ing.spec.tls).toEqual([{ hosts: [host], secretName: state.metadata.name }]);
    expect(ing.metadata.annotations).toEqual({
      "nginx.ingress.kubernetes.io/backend-protocol": "HTTPS",
      "nginx.ingress.kubernetes.io/proxy-ssl-secret": `${namespace}/${state.metadata.name}`,
      "nginx.ingress.kubernetes.io/proxy-ssl-verify": "on",
      "nginx.ingress.kubernetes.io/proxy-ssl-name": `alertmanager.${namespace}.svc`,
      "nginx.ingress.kubernetes.io/proxy-ssl-server-name": "on",
    });
    expect(await valueOf(deployed["ss-alertmanager"].uiUrl!)).toBe(`https://${host}/`);
    const resources = await Promise.all(deployed["ss-alertmanager"].resources.map((r) => valueOf(r.urn)));
    expect(resources.some((urn) => urn.endsWith("::ss-alertmanager-ingress-tls"))).toBe(true);
  });

  it("certManager: names the Secret cert-manager fills and the issuer to fill it from", async () => {
    const ing = object(T.ingress, "cm-alertmanager-ingress");
    expect(ing.spec.tls).toEqual([{ hosts: [host], secretName: "alertmanager-ingress-tls" }]);
    expect(ing.metadata.annotations).toEqual({
      "cert-manager.io/cluster-issuer": "letsencrypt",
      "cert-manager.io/duration": "2160h",
      "cert-manager.io/renew-before": "360h",
      "nginx.ingress.kubernetes.io/backend-protocol": "HTTPS",
      "nginx.ingress.kubernetes.io/proxy-ssl-secret": `${namespace}/alertmanager-tls`,
      "nginx.ingress.kubernetes.io/proxy-ssl-verify": "on",
      "nginx.ingress.kubernetes.io/proxy-ssl-name": `alertmanager.${namespace}.svc`,
      "nginx.ingress.kubernetes.io/proxy-ssl-server-name": "on",
    });
    expect(recorder.resources.some((resource) => resource.name === "cm-alertmanager-ingress-tls")).toBe(false);
    expect(await valueOf(deployed["cm-alertmanager"].uiUrl!)).toBe(`https://${host}/`);
  });

  it("provided: serves the role's provided Secret", () => {
    const ing = object(T.ingress, "pv-alertmanager-ingress");
    expect(ing.spec.tls).toEqual([{ hosts: [host], secretName: "ops-alertmanager-cert" }]);
    expect(ing.metadata.annotations["nginx.ingress.kubernetes.io/proxy-ssl-secret"]).toBe(
      `${namespace}/ops-alertmanager-cert`,
    );
    expect(Object.keys(ing.metadata.annotations).some((key) => key.startsWith("cert-manager.io/"))).toBe(false);
  });

  it("annotates by issuer kind: Issuer, ClusterIssuer, or an external issuer's kind and group", () => {
    const withIssuer = (issuer: Record<string, string>) =>
      ingress.certManagerAnnotations(settingsWith("prod", { tls: { mode: "certManager", issuer } }));
    expect(withIssuer({ name: "ca", kind: "Issuer" })).toEqual({
      "cert-manager.io/issuer": "ca",
      "cert-manager.io/duration": "2160h",
      "cert-manager.io/renew-before": "360h",
    });
    expect(withIssuer({ name: "ca", kind: "ClusterIssuer" })["cert-manager.io/cluster-issuer"]).toBe("ca");
    expect(withIssuer({ name: "vault", kind: "ClusterIssuer", group: "vault.example.com" })).toMatchObject({
      "cert-manager.io/issuer": "vault",
      "cert-manager.io/issuer-kind": "ClusterIssuer",
      "cert-manager.io/issuer-group": "vault.example.com",
    });
    expect(ingress.certManagerAnnotations(selfSigned)).toEqual({});
  });

  it("lets the operator's annotations override the stack's", () => {
    const overriding = settingsWith("prod", {
      tls: { mode: "certManager", issuer: { name: "letsencrypt" } },
      kubernetes: { ingress: { annotations: { "nginx.ingress.kubernetes.io/proxy-ssl-verify": "off" } } },
    });
    const parent = new pulumi.ComponentResource("observability:test:Stack", "override", {}, {});
    const made = ingress.createUiIngress("override", alertmanagerWithTlsSecret("alertmanager-tls"), overriding, {
      namespace,
      opts: { parent },
    });
    expect(made).toBeDefined();
    return valueOf(made!.ingress.metadata).then((metadata: any) => {
      expect(metadata.annotations["nginx.ingress.kubernetes.io/proxy-ssl-verify"]).toBe("off");
      expect(metadata.annotations["nginx.ingress.kubernetes.io/backend-protocol"]).toBe("HTTPS");
    });
  });

  it("tells when a workload serves TLS, and needs its certificate for a selfSigned Ingress", () => {
    expect(servesTls(alertmanagerWithTlsFiles())).toBe(true);
    expect(servesTls(alertmanagerWithTlsSecret("x"))).toBe(true);
    expect(servesTls(jaegerWorkload())).toBe(false);
    expect(ingress.ingressTls(certManager, "grafana", ["g.example.com"])).toEqual([
      { hosts: ["g.example.com"], secretName: "grafana-ingress-tls" },
    ]);
    expect(() => ingress.ingressTls(selfSigned, "grafana", ["g.example.com"])).toThrow(/needs the Secret/);
    const parent = new pulumi.ComponentResource("observability:test:Stack", "bare", {}, {});
    expect(() => ingress.createIngressTlsSecret("bare", jaegerWorkload(), { namespace, opts: { parent } })).toThrow(
      /needs \/etc\/tls\/jaeger\/tls.crt \(tls.mode selfSigned\), which the workload does not carry/,
    );
  });
});

describe("the cert-manager Certificate check used by these tests", () => {
  const valid = () => certificates.certificateObject(certManager, "prometheus", 2) as any;

  it("accepts the stack's Certificate", () => {
    expect(() => validateKubernetesObject(valid())).not.toThrow();
  });

  it("finds misspelled fields", () => {
    const misspelled = valid();
    misspelled.spec.renewbefore = misspelled.spec.renewBefore;
    expect(() => validateKubernetesObject(misspelled)).toThrow(/does not know: \.spec\.renewbefore/);
    const nested = valid();
    nested.spec.privateKey.rotationpolicy = "Always";
    expect(() => validateKubernetesObject(nested)).toThrow(/\.spec\.privateKey\.rotationpolicy/);
  });

  it("rejects wrong values, missing fields and a renewal window longer than the lifetime", () => {
    const cases: [string, (object: any) => void, RegExp][] = [
      ["usage", (o) => (o.spec.usages = ["serverAuth"]), /\.spec\.usages must be a list of/],
      ["issuer", (o) => delete o.spec.issuerRef.name, /\.spec\.issuerRef\.name is required/],
      ["secret", (o) => delete o.spec.secretName, /\.spec\.secretName is required/],
      ["duration", (o) => (o.spec.duration = "90d"), /\.spec\.duration must be a duration/],
      ["window", (o) => (o.spec.renewBefore = "2160h"), /renewBefore \(2160h\) must be shorter/],
      ["algorithm", (o) => (o.spec.privateKey.algorithm = "DSA"), /algorithm must be one of RSA, ECDSA, Ed25519/],
      ["names", (o) => ["commonName", "dnsNames", "ipAddresses"].forEach((k) => delete o.spec[k]), /at least one of/],
    ];
    for (const [label, breakIt, message] of cases) {
      const object = valid();
      breakIt(object);
      expect(() => validateKubernetesObject(object), label).toThrow(message);
    }
  });
});
