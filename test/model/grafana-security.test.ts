import { exampleOidc, withExternalGrafana } from "../helpers/authFixtures";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { grafanaDatasources, grafanaPaths, grafanaWorkload } from "../../model/grafana";
import { fillSecrets, secretKeysIn } from "../../model/secrets";
import { caCertSecretKey } from "../../model/tls";
import type { FileSpec, Workload } from "../../model/workload";
import { settingsWith, stackSettings } from "../../scripts/underMocks/stacks";
import { secretValuesWithTls } from "./webConfigTestValues";
import { expectWellFormed } from "./workloadChecks";

function file(workload: Workload, filePath: string): FileSpec {
  const found = workload.files.find((candidate) => candidate.path === filePath);
  if (found === undefined) throw new Error(`no file ${filePath}`);
  return found;
}

interface ProvisionedDatasource {
  uid: string;
  url: string;
  basicAuth?: boolean;
  basicAuthUser?: string;
  jsonData: Record<string, unknown>;
  secureJsonData?: Record<string, string>;
}

function provisioned(workload: Workload): ProvisionedDatasource[] {
  return (parse(file(workload, grafanaPaths.datasourcesFile).content) as { datasources: ProvisionedDatasource[] })
    .datasources;
}

/**
 * What Grafana's `$__file{path}` expansion yields for a value, from the
 * files the workload ships (filled like the component fills them), or the
 * path inside its mounted TLS Secret.
 */
function expandFile(workload: Workload, value: string, values: Record<string, string>): string {
  const match = /^\$__file\{(.+)\}$/.exec(value);
  if (match === null) throw new Error(`${value} is not a $__file reference`);
  const shipped = workload.files.find((candidate) => candidate.path === match[1]);
  if (shipped !== undefined) return fillSecrets(shipped, values).trim();
  if (workload.tlsSecret !== undefined && match[1].startsWith(workload.tlsSecret.mountPath + "/")) {
    return `mounted:${workload.tlsSecret.secretName}:${match[1].slice(workload.tlsSecret.mountPath.length + 1)}`;
  }
  throw new Error(`${match[1]} is neither shipped nor mounted`);
}

const oidc = exampleOidc("grafana", "grafanaOidcClientSecret");

const allTlsSecrets = {
  prometheus: "prom-cert",
  alertmanager: "am-cert",
  grafana: "grafana-cert",
  jaeger: "jaeger-cert",
  "node-exporter": "ne-cert",
  "kube-state-metrics": "ksm-cert",
  "blackbox-exporter": "bb-cert",
};

describe("grafana without TLS or auth (dev)", () => {
  const settings = stackSettings("dev");
  const workload = grafanaWorkload(settings);

  it("serves plain HTTP on loopback with no certificate, HSTS or OAuth", () => {
    expect(workload.env).not.toHaveProperty("GF_SERVER_PROTOCOL");
    expect(workload.env).not.toHaveProperty("GF_SECURITY_STRICT_TRANSPORT_SECURITY");
    expect(Object.keys(workload.env).filter((name) => name.startsWith("GF_AUTH_GENERIC_OAUTH"))).toEqual([]);
    expect(workload.files.some((candidate) => candidate.path.startsWith("/etc/tls/"))).toBe(false);
    expect(workload.tlsSecret).toBeUndefined();
    expect(workload.health.liveness.scheme).toBeUndefined();
    expect(workload.health.liveness.command).toContain(`http://127.0.0.1:3000/api/health`);
  });

  it("provisions datasources over http without credentials", () => {
    for (const source of provisioned(workload)) {
      expect(source.url).toMatch(/^http:\/\//);
      expect(source).not.toHaveProperty("basicAuth");
      expect(source).not.toHaveProperty("secureJsonData");
      expect(source.jsonData).not.toHaveProperty("tlsAuthWithCACert");
    }
  });
});

describe.each(["staging", "prod"] as const)("grafana with TLS and basic auth (%s)", (stack) => {
  const settings = stackSettings(stack);
  const workload = grafanaWorkload(settings);
  const values = secretValuesWithTls(settings);

  it("serves HTTPS with its own certificate, shipped as raw secret files", () => {
    expect(workload.env).toMatchObject({
      GF_SERVER_PROTOCOL: "https",
      GF_SERVER_CERT_FILE: "/etc/tls/grafana/tls.crt",
      GF_SERVER_CERT_KEY: "/etc/tls/grafana/tls.key",
      GF_SERVER_MIN_TLS_VERSION: "TLS1.2",
    });
    expect(file(workload, "/etc/tls/grafana/tls.crt").content).toBe("__SECRET_tlsCertGrafana__");
    expect(file(workload, "/etc/tls/grafana/tls.key").content).toBe("__SECRET_tlsKeyGrafana__");
    expect(file(workload, "/etc/tls/grafana/ca.crt").content).toBe(`__SECRET_${caCertSecretKey}__`);
    expectWellFormed(workload, values);
  });

  it("keeps root_url, sets secure cookies and HSTS, and keeps anonymous access off", () => {
    expect(workload.env["GF_SERVER_ROOT_URL"]).toMatch(/^https:\/\/grafana\.obs\..*example\.com\/$/);
    expect(workload.env).toMatchObject({
      GF_SECURITY_COOKIE_SECURE: "true",
      GF_SECURITY_STRICT_TRANSPORT_SECURITY: "true",
      GF_SECURITY_STRICT_TRANSPORT_SECURITY_MAX_AGE_SECONDS: "31536000",
      GF_AUTH_ANONYMOUS_ENABLED: "false",
    });
  });

  it("is probed over HTTPS, and Docker's check verifies the certificate against the CA", () => {
    const { command, ...probe } = workload.health.liveness;
    expect(probe).toEqual({ path: "/api/health", port: "https", scheme: "HTTPS" });
    expect(workload.health.readiness).toEqual(workload.health.liveness);
    expect(workload.health.credentialed).toBeUndefined();
    expect(command).toEqual([
      "curl",
      "-fsS",
      "-o",
      "/dev/null",
      "--cacert",
      "/etc/tls/grafana/ca.crt",
      "https://localhost:3000/api/health",
    ]);
  });

  it("sends basic auth to Prometheus and Alertmanager and verifies every datasource against the CA", () => {
    const sources = provisioned(workload);
    expect(sources.map((source) => [source.uid, source.url.split(":")[0]])).toEqual([
      ["prometheus", "https"],
      ["alertmanager", "https"],
      ["jaeger", "https"],
    ]);
    for (const source of sources) {
      expect(source.jsonData).toMatchObject({ tlsAuthWithCACert: true, tlsSkipVerify: false });
      expect(source.secureJsonData?.["tlsCACert"]).toBe("$__file{/etc/tls/grafana/ca.crt}");
    }
    for (const source of sources.filter((candidate) => candidate.uid !== "jaeger")) {
      expect(source).toMatchObject({ basicAuth: true, basicAuthUser: settings.auth.basicAuth.username });
      expect(source.secureJsonData?.["basicAuthPassword"]).toBe("$__file{/etc/grafana/secrets/basic-auth-password}");
    }
    // Jaeger's query API has no auth of its own.
    const jaeger = sources.find((source) => source.uid === "jaeger");
    expect(jaeger).not.toHaveProperty("basicAuth");
    expect(Object.keys(jaeger?.secureJsonData ?? {})).toEqual(["tlsCACert"]);
  });

  it("keeps the datasources file free of secrets: each $__file reference reads the right secret", () => {
    const datasourcesFile = file(workload, grafanaPaths.datasourcesFile);
    expect(secretKeysIn(datasourcesFile.content)).toEqual([]);
    for (const value of Object.values(values)) expect(datasourcesFile.content).not.toContain(value);
    for (const source of provisioned(workload)) {
      for (const [key, reference] of Object.entries(source.secureJsonData ?? {})) {
        const expected =
          key === "basicAuthPassword" ? values[settings.auth.basicAuth.passwordSecret] : values[caCertSecretKey];
        expect(expandFile(workload, reference, values), `${source.uid}.${key}`).toBe(expected.trim());
      }
    }
  });
});

describe("grafana with certificates from Kubernetes Secrets", () => {
  it("certManager: mounts grafana-tls at its TLS directory and the datasources read the CA from there", () => {
    const settings = settingsWith("prod", { tls: { mode: "certManager", issuer: { name: "internal-ca" } } });
    const workload = grafanaWorkload(settings);
    expect(workload.tlsSecret).toEqual({ secretName: "grafana-tls", mountPath: "/etc/tls/grafana" });
    expect(workload.files.some((candidate) => candidate.path.startsWith("/etc/tls/"))).toBe(false);
    expect(workload.env["GF_SERVER_CERT_FILE"]).toBe("/etc/tls/grafana/tls.crt");
    const values = secretValuesWithTls(settings);
    for (const source of provisioned(workload)) {
      expect(expandFile(workload, source.secureJsonData?.["tlsCACert"] ?? "", values)).toBe(
        "mounted:grafana-tls:ca.crt",
      );
    }
    expectWellFormed(workload, values);
  });

  it("provided: mounts the Secret the stack names", () => {
    const settings = settingsWith("prod", { tls: { mode: "provided", secrets: allTlsSecrets } });
    const workload = grafanaWorkload(settings);
    expect(workload.tlsSecret).toEqual({ secretName: "grafana-cert", mountPath: "/etc/tls/grafana" });
    expect(provisioned(workload)[0].secureJsonData?.["tlsCACert"]).toBe("$__file{/etc/tls/grafana/ca.crt}");
  });
});

describe("grafana generic OAuth", () => {
  const settings = settingsWith("prod", {
    auth: { grafanaOidc: { ...oidc, roleAttributePath: "contains(groups[*], 'ops') && 'Admin' || 'Viewer'" } },
  });
  const workload = grafanaWorkload(settings);

  it("configures generic OAuth with PKCE, strict role mapping and the secret from a raw file", () => {
    expect(workload.env).toMatchObject({
      GF_AUTH_GENERIC_OAUTH_ENABLED: "true",
      GF_AUTH_GENERIC_OAUTH_CLIENT_ID: "grafana",
      GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET__FILE: "/etc/grafana/secrets/oauth-client-secret",
      GF_AUTH_GENERIC_OAUTH_SCOPES: "openid profile email",
      GF_AUTH_GENERIC_OAUTH_AUTH_URL: oidc.authUrl,
      GF_AUTH_GENERIC_OAUTH_TOKEN_URL: oidc.tokenUrl,
      GF_AUTH_GENERIC_OAUTH_API_URL: oidc.apiUrl,
      GF_AUTH_GENERIC_OAUTH_USE_PKCE: "true",
      GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_PATH: "contains(groups[*], 'ops') && 'Admin' || 'Viewer'",
      GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_STRICT: "true",
      GF_AUTH_GENERIC_OAUTH_ALLOW_SIGN_UP: "true",
      GF_AUTH_GENERIC_OAUTH_TLS_SKIP_VERIFY_INSECURE: "false",
      GF_AUTH_DISABLE_LOGIN_FORM: "false",
      GF_AUTH_ANONYMOUS_ENABLED: "false",
    });
    expect(workload.env).not.toHaveProperty("GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET");
    expect(file(workload, "/etc/grafana/secrets/oauth-client-secret").content).toBe(
      "__SECRET_grafanaOidcClientSecret__",
    );
    expectWellFormed(workload, secretValuesWithTls(settings));
  });

  it("without a role mapping is not strict (everyone gets the default role), and can drop the login form", () => {
    const plain = grafanaWorkload(
      settingsWith("staging", { auth: { grafanaOidc: { ...oidc, disableLoginForm: true } } }),
    );
    expect(plain.env).not.toHaveProperty("GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_PATH");
    expect(plain.env).not.toHaveProperty("GF_AUTH_GENERIC_OAUTH_ROLE_ATTRIBUTE_STRICT");
    expect(plain.env["GF_AUTH_DISABLE_LOGIN_FORM"]).toBe("true");
  });
});

describe("grafana datasources in external mode", () => {
  it("name secret config keys for the password and the self-signed CA, never files", () => {
    const sources = grafanaDatasources(withExternalGrafana(stackSettings("prod"), "https://jaeger.obs.example.com"));
    const [prometheus, alertmanager, jaeger] = sources;
    for (const source of [prometheus, alertmanager]) {
      expect(source).toMatchObject({
        basicAuth: true,
        basicAuthUser: "observability",
        secureJsonData: {
          basicAuthPassword: { secretKey: "webBasicAuthPassword" },
          tlsCACert: { secretKey: "tlsCaCert" },
        },
        jsonData: { tlsAuthWithCACert: true },
      });
    }
    expect(jaeger.basicAuth).toBeUndefined();
    expect(jaeger.secureJsonData).toEqual({ tlsCACert: { secretKey: "tlsCaCert" } });
    expect(JSON.stringify(sources)).not.toContain("$__file");
  });

  it("leave the CA to the external Grafana's trust store when certificates come from cert-manager", () => {
    const settings = withExternalGrafana(
      settingsWith("prod", { tls: { mode: "certManager", issuer: { name: "letsencrypt" } } }),
      "https://jaeger.obs.example.com",
    );
    const [prometheus] = grafanaDatasources(settings);
    expect(prometheus.secureJsonData).toEqual({ basicAuthPassword: { secretKey: "webBasicAuthPassword" } });
    expect(prometheus.jsonData).not.toHaveProperty("tlsAuthWithCACert");
  });
});
