import { exampleJaegerProxy } from "../helpers/authFixtures";
import { describe, expect, it } from "vitest";
import { jaegerProxyWorkload } from "../../model/jaegerProxy";
import { defaultImages } from "../../settings/versions";
import { secretKeysIn } from "../../model/secrets";
import { planWorkloads, stackPlan } from "../../model/stack/plan";
import { caCertSecretKey } from "../../model/tls";
import type { Workload } from "../../model/workload";
import type { ResolvedSettings } from "../../settings/validate";
import { settingsWith, stackNames, stackSettings, testSecretValues } from "../../scripts/underMocks/stacks";
import { expectWellFormed } from "./workloadChecks";

/** The stack's test secrets plus stand-ins for the certificates the stack makes (selfSigned). */
function secretValuesFor(settings: ResolvedSettings, workload: Workload): Record<string, string> {
  const values = testSecretValues(settings);
  for (const key of workload.files.flatMap((file) => secretKeysIn(file.content))) {
    if (key.startsWith("tls")) values[key] ??= `-----BEGIN CERTIFICATE-----\ntest-${key}\n-----END CERTIFICATE-----\n`;
  }
  return values;
}

function proxyOf(settings: ResolvedSettings): Workload {
  const workload = jaegerProxyWorkload(settings);
  if (workload === undefined) throw new Error("no jaeger-proxy");
  return workload;
}

const jaegerProxy = exampleJaegerProxy;

describe("jaeger-proxy absent", () => {
  it.each(stackNames)("is not in the committed %s stack, which sets no auth.jaegerProxy", (stack) => {
    const settings = stackSettings(stack);
    expect(jaegerProxyWorkload(settings)).toBeUndefined();
    expect(stackPlan(settings).jaegerProxy).toBeUndefined();
  });

  it("is not run when Jaeger is disabled", () => {
    const settings = settingsWith("prod", { auth: { jaegerProxy }, jaeger: { enabled: false } });
    expect(jaegerProxyWorkload(settings)).toBeUndefined();
  });
});

describe.each(["staging", "prod"] as const)("jaeger-proxy with TLS (%s)", (stack) => {
  const settings = settingsWith(stack, { auth: { jaegerProxy } });
  const workload = proxyOf(settings);
  const values = secretValuesFor(settings, workload);
  const namespace = settings.kubernetes.namespace;
  const host = stack === "prod" ? "jaeger.obs.example.com" : "jaeger.obs.staging.example.com";

  it("is well formed, pinned, non-root, and carries secrets only in raw files", () => {
    expectWellFormed(workload, values);
    expect(workload.image).toBe(defaultImages.oauth2Proxy);
    expect(workload.image).toMatch(/^quay\.io\/oauth2-proxy\/oauth2-proxy:v7\.\d+\.\d+$/);
    expect(workload.user).toEqual({ uid: 65532, gid: 65532 });
    expect(workload.kind).toBe("stateless");
    expect(workload.replicas).toBe(stack === "prod" ? 2 : 1);
    const files = Object.fromEntries(workload.files.map((file) => [file.path, file.content]));
    expect(files["/etc/jaeger-proxy/secrets/client-secret"]).toBe("__SECRET_jaegerProxyClientSecret__");
    expect(files["/etc/jaeger-proxy/secrets/cookie-secret"]).toBe("__SECRET_jaegerProxyCookieSecret__");
    for (const value of Object.values(values)) {
      for (const arg of workload.args) expect(arg).not.toContain(value);
    }
  });

  it("signs in with OIDC and PKCE, reading both secrets from files", () => {
    expect(workload.args).toEqual(
      expect.arrayContaining([
        "--provider=oidc",
        "--oidc-issuer-url=https://login.example.com/realms/ops",
        "--client-id=jaeger",
        "--client-secret-file=/etc/jaeger-proxy/secrets/client-secret",
        "--cookie-secret-file=/etc/jaeger-proxy/secrets/cookie-secret",
        "--scope=openid profile email",
        "--code-challenge-method=S256",
        "--insecure-oidc-skip-nonce=false",
        "--email-domain=example.com",
        "--email-domain=ops.example.com",
        "--cookie-secure=true",
        `--redirect-url=https://${host}/oauth2/callback`,
      ]),
    );
    expect(workload.args.some((arg) => /^--(client|cookie)-secret=/.test(arg))).toBe(false);
    expect(workload.args.some((arg) => arg.includes("insecure-skip-verify"))).toBe(false);
  });

  it("serves only HTTPS with its own certificate and verifies Jaeger against the stack's CA", () => {
    expect(workload.args).toEqual(
      expect.arrayContaining([
        `--upstream=https://jaeger.${namespace}.svc:16686/`,
        "--https-address=0.0.0.0:4443",
        "--tls-cert-file=/etc/tls/jaeger-proxy/tls.crt",
        "--tls-key-file=/etc/tls/jaeger-proxy/tls.key",
        "--tls-min-version=TLS1.2",
      ]),
    );
    expect(workload.args.some((arg) => arg.startsWith("--http-address"))).toBe(false);
    expect(workload.ports).toEqual([{ name: "https", port: 4443 }]);
    expect(workload.env).toEqual({ SSL_CERT_DIR: "/etc/tls/jaeger-proxy" });
    const files = Object.fromEntries(workload.files.map((file) => [file.path, file.content]));
    expect(files["/etc/tls/jaeger-proxy/ca.crt"]).toBe(`__SECRET_${caCertSecretKey}__`);
    expect(files["/etc/tls/jaeger-proxy/tls.crt"]).toBe("__SECRET_tlsCertJaegerProxy__");
    expect(workload.health.liveness).toEqual({ path: "/ping", port: "https", scheme: "HTTPS" });
    expect(workload.health.readiness).toEqual({ path: "/ready", port: "https", scheme: "HTTPS" });
  });

  it("owns the Jaeger Ingress host and is reachable only from the Ingress controller", () => {
    expect(workload.ui).toEqual({ port: "https", host });
    expect(workload.allowFrom).toEqual([{ ports: ["https"], from: ["ingress"] }]);
  });

  it("joins the stack plan, and only one workload serves the Jaeger host", () => {
    const plan = stackPlan(settings);
    expect(plan.jaegerProxy?.role).toBe("jaeger-proxy");
    const workloads = planWorkloads(plan);
    expect(workloads.map((candidate) => candidate.role)).toContain("jaeger-proxy");
    const jaegerHost = workload.ui?.host;
    expect(workloads.filter((candidate) => candidate.ui?.host === jaegerHost).map((w) => w.role)).toEqual([
      "jaeger-proxy",
    ]);
  });
});

describe("jaeger-proxy variants", () => {
  it("without TLS listens in plain HTTP and proxies to Jaeger over HTTP", () => {
    const settings = settingsWith("staging", { tls: { mode: "none" }, auth: { jaegerProxy } });
    const workload = proxyOf(settings);
    expect(workload.args).toContain("--http-address=0.0.0.0:4180");
    expect(workload.args).toContain("--upstream=http://jaeger.observability-staging.svc:16686/");
    expect(workload.args.some((arg) => arg.startsWith("--tls-") || arg.startsWith("--https-"))).toBe(false);
    expect(workload.ports).toEqual([{ name: "http", port: 4180 }]);
    expect(workload.env).toEqual({});
    expect(workload.health.liveness.scheme).toBeUndefined();
    expectWellFormed(workload, secretValuesFor(settings, workload));
  });

  it("certManager: mounts its own certificate Secret", () => {
    const settings = settingsWith("prod", {
      tls: { mode: "certManager", issuer: { name: "internal-ca" } },
      auth: { jaegerProxy },
    });
    const workload = proxyOf(settings);
    expect(workload.tlsSecret).toEqual({ secretName: "jaeger-proxy-tls", mountPath: "/etc/tls/jaeger-proxy" });
    expect(workload.files.every((file) => file.path.startsWith("/etc/jaeger-proxy/secrets/"))).toBe(true);
  });

  it("follows a version override", () => {
    const settings = settingsWith("prod", { auth: { jaegerProxy } });
    const pinned = {
      ...settings,
      versions: { ...settings.versions, oauth2Proxy: "quay.io/oauth2-proxy/oauth2-proxy:v7.14.0" },
    };
    expect(proxyOf(pinned).image).toBe("quay.io/oauth2-proxy/oauth2-proxy:v7.14.0");
  });
});
