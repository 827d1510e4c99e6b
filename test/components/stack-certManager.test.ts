/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call --
   The checks walk generated Kubernetes objects, validated by validateKubernetesObject. */
import { exampleJaegerProxy } from "../helpers/authFixtures";
import { beforeAll, describe, expect, it } from "vitest";
import { validateKubernetesObject } from "../helpers/kubernetesModels";
import type { ResourceRecorder } from "../../scripts/underMocks/mocks";
import { settle, stackUnderMocks } from "../../scripts/underMocks/programUnderMocks";
import { settingsWith } from "../../scripts/underMocks/stacks";

/** Prod with cert-manager certificates and the Jaeger UI behind oauth2-proxy. */
const settings = () =>
  settingsWith("prod", {
    tls: { mode: "certManager", issuer: { name: "internal-ca", kind: "ClusterIssuer" } },
    auth: {
      jaegerProxy: exampleJaegerProxy,
    },
  });

describe("prod with cert-manager and the Jaeger proxy", () => {
  let recorder: ResourceRecorder;
  let jaegerUrl: string;
  beforeAll(async () => {
    const built = await stackUnderMocks(settings());
    recorder = built.recorder;
    jaegerUrl = await settle(built.stack.jaegerUrl);
  });

  const objects = (kind: string): any[] =>
    recorder.resources.filter((r) => r.type.endsWith(`:${kind}`)).map((r) => r.state as any);

  it("makes no certificate itself and asks cert-manager for one per TLS role, the proxy included", () => {
    expect(recorder.resources.filter((r) => r.type.startsWith("tls:"))).toEqual([]);
    const certificates = objects("Certificate");
    expect(certificates.map((c) => c.spec.secretName).sort()).toEqual(
      [
        "alertmanager-tls",
        "blackbox-exporter-tls",
        "grafana-tls",
        "jaeger-proxy-tls",
        "jaeger-tls",
        "kube-state-metrics-tls",
        "node-exporter-tls",
        "prometheus-tls",
      ].sort(),
    );
    for (const certificate of certificates) {
      expect(certificate.spec.issuerRef).toMatchObject({ name: "internal-ca", kind: "ClusterIssuer" });
    }
  });

  it("runs the proxy in front of the Jaeger UI and gives the UI's host to it alone", () => {
    const proxy = objects("Deployment").find((d) => d.metadata.name === "jaeger-proxy");
    expect(proxy).toBeDefined();
    const hosts = objects("Ingress").map((ingress) => [ingress.metadata.name, ingress.spec.rules[0].host]);
    expect(hosts).toContainEqual(["jaeger-proxy", "jaeger.obs.example.com"]);
    expect(hosts.map(([name]) => name)).not.toContain("jaeger");
    expect(jaegerUrl).toBe("https://jaeger.obs.example.com/");
  });

  it("mounts each role's cert-manager Secret and produces only valid Kubernetes objects", () => {
    const prometheus = objects("StatefulSet").find((s) => s.metadata.name === "prometheus");
    const volumes = prometheus.spec.template.spec.volumes.map((v: any) => v.secret?.secretName).filter(Boolean);
    expect(volumes).toContain("prometheus-tls");
    for (const resource of recorder.resources.filter((r) => r.type.startsWith("kubernetes:"))) {
      validateKubernetesObject(resource.state);
    }
  });
});
