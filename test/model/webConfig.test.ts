import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { alertmanagerPaths, alertmanagerWorkload } from "../../model/alertmanager";
import { exporterWorkloads } from "../../model/exporters";
import { prometheusConfig, prometheusWorkload } from "../../model/prometheus";
import { bcryptToken, secretKeysIn, secretToken } from "../../model/secrets";
import { tlsPaths } from "../../model/tls";
import { fetchCommand } from "../../model/probes";
import { dockerHealthcheck } from "../../platform/docker/healthcheck";
import { probes } from "../../platform/kubernetes/probes";
import { webConfig, webConfigPaths, webServerRoles, type WebServerRole } from "../../model/webConfig";
import type { Workload } from "../../model/workload";
import type { ResolvedSettings } from "../../settings/validate";
import { settingsWith, stackNames, stackSettings } from "../../scripts/underMocks/stacks";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";
import { secretValuesWithTls } from "./webConfigTestValues";

/** The command of a Kubernetes exec probe as the platform builds it (plain values, no Outputs). */
function execCommand(probe: unknown): string[] {
  return (probe as { exec?: { command: string[] } }).exec?.command ?? [];
}

const dev = stackSettings("dev");
const prod = stackSettings("prod");
const tlsOnly = settingsWith("staging", { auth: { basicAuth: { enabled: false } } });
const authOnly = settingsWith("staging", { tls: { mode: "none" } });
const certManager = settingsWith("prod", { tls: { mode: "certManager", issuer: { name: "ca" } } });

function servers(settings: ResolvedSettings): Workload[] {
  return [prometheusWorkload(settings), alertmanagerWorkload(settings), ...exporterWorkloads(settings)];
}

function server(settings: ResolvedSettings, role: string): Workload {
  const found = servers(settings).find((workload) => workload.role === role);
  if (found === undefined) throw new Error(`no ${role}`);
  return found;
}

function webFile(workload: Workload) {
  return workload.files.find((file) => file.path === webConfigPaths(workload.role).config);
}

const headers = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "deny",
  "Content-Security-Policy": "frame-ancestors 'none'",
};

describe("dev: no TLS, no basic auth, nothing changes", () => {
  it.each(servers(dev).map((workload) => [workload.role, workload] as const))(
    "%s has no web config",
    (role, workload) => {
      expect(webConfig(dev, role as WebServerRole)).toBeUndefined();
      expect(workload.args.some((arg) => arg.startsWith("--web.config.file") || arg.startsWith("--tls-config"))).toBe(
        false,
      );
      expect(workload.files.some((file) => file.path.includes("/web/") || file.path.startsWith("/etc/tls/"))).toBe(
        false,
      );
      expect(workload.tlsSecret).toBeUndefined();
      expect(workload.health.credentialed).toBeUndefined();
      expect(workload.health.liveness.scheme).toBeUndefined();
    },
  );

  it("keeps the plain health checks and prometheus.yml clients", () => {
    expect(dockerHealthcheck(server(dev, "node-exporter").health)?.tests).toEqual([
      "CMD",
      "wget",
      "-q",
      "-O",
      "/dev/null",
      "http://127.0.0.1:9100/",
    ]);
    const text = JSON.stringify(prometheusConfig(dev));
    for (const key of ["tls_config", "basic_auth", '"https"']) expect(text).not.toContain(key);
  });
});

describe("the web config document", () => {
  it("prod Prometheus: TLS 1.2+ with its certificate, security headers with HSTS, one bcrypt user", () => {
    expect(webConfig(prod, "prometheus")).toEqual({
      tls_server_config: {
        cert_file: "/etc/tls/prometheus/tls.crt",
        key_file: "/etc/tls/prometheus/tls.key",
        min_version: "TLS12",
      },
      http_server_config: {
        headers: { ...headers, "Strict-Transport-Security": "max-age=31536000; includeSubDomains" },
      },
      basic_auth_users: { observability: bcryptToken("webBasicAuthPassword") },
    });
  });

  it("TLS without basic auth has no users; basic auth without TLS has no TLS and no HSTS", () => {
    expect(webConfig(tlsOnly, "alertmanager")).not.toHaveProperty("basic_auth_users");
    expect(webConfig(authOnly, "alertmanager")).toEqual({
      http_server_config: { headers },
      basic_auth_users: { observability: bcryptToken("webBasicAuthPassword") },
    });
  });

  it("kube-state-metrics never requires basic auth (its distroless probes cannot send it)", () => {
    expect(webConfig(prod, "kube-state-metrics")).not.toHaveProperty("basic_auth_users");
    expect(webConfig(authOnly, "kube-state-metrics")).toBeUndefined();
    const workload = server(prod, "kube-state-metrics");
    expect(workload.args).toContain("--tls-config=/etc/kube-state-metrics/web/web.yml");
    expect(workload.health.credentialed).toBeUndefined();
    expect(workload.health.liveness.scheme).toBe("HTTPS");
  });
});

describe.each([
  ["staging", stackSettings("staging")],
  ["prod", prod],
  ["prod certManager", certManager],
])("server files and probes (%s)", (_, settings) => {
  const values = secretValuesWithTls(settings);
  const secured = servers(settings).filter((workload) => (webServerRoles as readonly string[]).includes(workload.role));

  it("every exporter-toolkit server points its flag at /etc/<role>/web/web.yml, a secret file with the bcrypt token", () => {
    expect(secured.map((workload) => workload.role).sort()).toEqual(
      ["alertmanager", "blackbox-exporter", "kube-state-metrics", "node-exporter", "prometheus"].sort(),
    );
    for (const workload of secured) {
      const file = webFile(workload);
      expect(file, workload.role).toBeDefined();
      const flag = workload.role === "kube-state-metrics" ? "--tls-config" : "--web.config.file";
      expect(workload.args).toContain(`${flag}=/etc/${workload.role}/web/web.yml`);
      if (workload.role !== "kube-state-metrics") {
        expect(file?.content).toContain(bcryptToken("webBasicAuthPassword"));
        expect(file?.secretEscaping).toBe("yaml");
      }
    }
  });

  it("ships the probe password as a raw secret file beside the web config, nothing else there", () => {
    for (const workload of secured.filter((candidate) => candidate.role !== "kube-state-metrics")) {
      const dir = webConfigPaths(workload.role).dir;
      const inDir = workload.files.filter((file) => path.dirname(file.path) === dir);
      expect(inDir.map((file) => file.path).sort()).toEqual(
        [webConfigPaths(workload.role).config, webConfigPaths(workload.role).password].sort(),
      );
      const password = inDir.find((file) => file.path === webConfigPaths(workload.role).password);
      expect(password).toEqual({
        path: webConfigPaths(workload.role).password,
        content: secretToken("webBasicAuthPassword"),
        secretEscaping: "raw",
      });
    }
  });

  it("delivers the certificate as files (selfSigned) or as the mounted Secret (certManager)", () => {
    for (const workload of secured) {
      const tlsFiles = workload.files.filter((file) => file.path.startsWith("/etc/tls/"));
      if (settings.tls.mode === "selfSigned") {
        expect(tlsFiles.map((file) => file.path).sort(), workload.role).toEqual(
          Object.values(tlsPaths(workload.role)).sort(),
        );
        expect(workload.tlsSecret).toBeUndefined();
      } else {
        expect(tlsFiles).toEqual([]);
        expect(workload.tlsSecret).toEqual({
          secretName: `${workload.role}-tls`,
          mountPath: `/etc/tls/${workload.role}`,
        });
      }
    }
  });

  it("probes over HTTPS; behind basic auth, exec probes read the password file and hold no secret", () => {
    for (const workload of secured) {
      const { health } = workload;
      expect(health.liveness.scheme).toBe("HTTPS");
      expect(health.readiness.scheme).toBe("HTTPS");
      if (workload.role === "kube-state-metrics") continue;
      expect(health.credentialed, workload.role).toBe(true);
      const kubernetes = probes(health);
      const exec = {
        liveness: execCommand(kubernetes.livenessProbe),
        readiness: execCommand(kubernetes.readinessProbe),
      };
      expect(kubernetes.livenessProbe.httpGet, workload.role).toBeUndefined();
      const docker = dockerHealthcheck(health)?.tests ?? [];
      for (const command of [exec.liveness, exec.readiness, docker]) {
        const text = command.join(" ");
        expect(text).toContain(`cat '${webConfigPaths(workload.role).password}'`);
        expect(text).toMatch(/'https:\/\/127\.0\.0\.1:\d+\//);
        expect(secretKeysIn(text)).toEqual([]);
        for (const value of Object.values(values)) expect(text.includes(value), workload.role).toBe(false);
      }
      expect(exec.liveness.join(" ")).toContain(health.liveness.path);
      expect(exec.readiness.join(" ")).toContain(health.readiness.path);
      expect(docker[0]).toBe("CMD");
    }
  });
});

describe("TLS without basic auth", () => {
  it("probes over HTTPS from the kubelet and wget without credentials in Docker", () => {
    const workload = server(tlsOnly, "node-exporter");
    expect(workload.health.credentialed).toBeUndefined();
    expect(probes(workload.health).livenessProbe.httpGet).toMatchObject({ scheme: "HTTPS" });
    expect(dockerHealthcheck(workload.health)?.tests).toEqual([
      "CMD",
      "wget",
      "-q",
      "-O",
      "/dev/null",
      "--no-check-certificate",
      "https://127.0.0.1:9100/",
    ]);
    expect(workload.files.some((file) => file.path === webConfigPaths("node-exporter").password)).toBe(false);
  });
});

describe("basic auth without TLS", () => {
  it("probes plain HTTP with credentials", () => {
    const readiness = execCommand(probes(server(authOnly, "prometheus").health).readinessProbe).join(" ");
    expect(readiness).toContain("'http://127.0.0.1:9090/-/ready'");
    expect(readiness).not.toContain("--no-check-certificate");
  });
});

type Job = Record<string, unknown> & { job_name: string };
const jobsOf = (settings: ResolvedSettings) => prometheusConfig(settings)["scrape_configs"] as Job[];
const jobOf = (settings: ResolvedSettings, name: string) => {
  const found = jobsOf(settings).find((job) => job.job_name === name);
  if (found === undefined) throw new Error(`no job ${name}`);
  return found;
};

describe("Prometheus as a client of the stack", () => {
  const ca = { ca_file: "/etc/tls/prometheus/ca.crt" };
  const auth = { basic_auth: { username: "observability", password_file: "/etc/prometheus/web/basic-auth-password" } };

  it("scrapes its replicas, the Alertmanagers and the exporters over TLS with credentials", () => {
    for (const name of ["prometheus", "alertmanager", "blackbox-exporter", "blackbox"]) {
      expect(jobOf(prod, name), name).toMatchObject({ scheme: "https", tls_config: ca, ...auth });
    }
    expect(jobOf(prod, "kube-state-metrics")).toMatchObject({ scheme: "https", tls_config: ca });
    expect(jobOf(prod, "kube-state-metrics")).not.toHaveProperty("basic_auth");
  });

  it("verifies node-exporter, found by node IP, against its role name", () => {
    expect(jobOf(prod, "node-exporter")).toMatchObject({
      scheme: "https",
      tls_config: { ...ca, server_name: "node-exporter" },
      ...auth,
    });
  });

  it("scrapes Grafana over HTTPS without credentials and Jaeger's plain metrics port as before", () => {
    expect(jobOf(prod, "grafana")).toMatchObject({ scheme: "https", tls_config: ca });
    expect(jobOf(prod, "grafana")).not.toHaveProperty("basic_auth");
    expect(jobOf(prod, "jaeger")).not.toHaveProperty("scheme");
  });

  it("sends no credentials where the target needs none and uses no TLS when it is off", () => {
    expect(jobOf(authOnly, "alertmanager")).toMatchObject(auth);
    expect(jobOf(authOnly, "alertmanager")).not.toHaveProperty("scheme");
    expect(jobOf(tlsOnly, "alertmanager")).not.toHaveProperty("basic_auth");
  });

  it.each([...stackNames.map((name) => [name, stackSettings(name)] as const), ["certManager", certManager] as const])(
    "%s: prometheus.yml has no secret and never skips verification; every file it names is shipped or mounted",
    (_, settings) => {
      const config = prometheusConfig(settings);
      const text = JSON.stringify(config);
      expect(text).not.toContain("insecure_skip_verify");
      expect(secretKeysIn(text)).toEqual([]);
      const workload = prometheusWorkload(settings);
      const available = [
        ...workload.files.map((file) => file.path),
        ...(workload.tlsSecret !== undefined ? Object.values(tlsPaths("prometheus")) : []),
        "/var/run/secrets/kubernetes.io/serviceaccount/token",
        "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
      ];
      for (const [, file] of text.matchAll(/"(?:ca_file|password_file|credentials_file)":"([^"]+)"/g)) {
        expect(available, file).toContain(file);
      }
    },
  );
});

describe("Alertmanager gossip over mutual TLS", () => {
  it("prod gets the flag and a plain file naming the stack CA for both sides", () => {
    const workload = alertmanagerWorkload(prod);
    expect(workload.args).toContain("--cluster.tls-config=/etc/alertmanager/cluster/tls.yml");
    const file = workload.files.find((candidate) => candidate.path === alertmanagerPaths.clusterTls);
    expect(secretKeysIn(file?.content ?? "")).toEqual([]);
    const paths = tlsPaths("alertmanager");
    expect(parse(file?.content ?? "")).toEqual({
      tls_server_config: {
        cert_file: paths.cert,
        key_file: paths.key,
        client_ca_file: paths.ca,
        client_auth_type: "RequireAndVerifyClientCert",
        min_version: "TLS12",
      },
      tls_client_config: { ca_file: paths.ca, cert_file: paths.cert, key_file: paths.key, server_name: "alertmanager" },
    });
  });

  it("is absent without TLS, without a cluster and on Docker", () => {
    const single: ResolvedSettings = { ...prod, alertmanager: { ...prod.alertmanager, replicas: 1 } };
    for (const settings of [dev, authOnly, single]) {
      const workload = alertmanagerWorkload(settings);
      expect(workload.args.some((arg) => arg.startsWith("--cluster.tls-config"))).toBe(false);
      expect(workload.files.some((file) => file.path === alertmanagerPaths.clusterTls)).toBe(false);
    }
  });
});

/**
 * The probe script under real shells: a stand-in `wget` prints its
 * arguments, and the Authorization header must decode to exactly
 * `user:password` whatever the password holds (quotes, `$`, backslashes,
 * spaces, `@:/`), and however long (BusyBox base64 wraps at 76 columns).
 */
describe("the authenticated probe command", () => {
  const dir = makeTempDir("probe-script");
  afterAll(() => removeTempDir(dir));
  const stubDir = path.join(dir, "stub");
  fs.mkdirSync(stubDir);
  fs.writeFileSync(path.join(stubDir, "wget"), '#!/bin/sh\nfor arg in "$@"; do printf "%s\\n" "$arg"; done\n', {
    mode: 0o755,
  });
  const shells: { name: string; path: string; pathEnv: string }[] = [
    { name: "/bin/sh", path: "/bin/sh", pathEnv: `${stubDir}:/usr/bin:/bin` },
  ];
  if (fs.existsSync("/usr/bin/busybox")) {
    // Only BusyBox applets besides the stand-in, as in the images.
    const applets = path.join(dir, "busybox");
    fs.mkdirSync(applets);
    for (const applet of ["sh", "cat", "printf", "base64", "tr"])
      fs.symlinkSync("/usr/bin/busybox", path.join(applets, applet));
    shells.push({ name: "busybox sh", path: path.join(applets, "sh"), pathEnv: `${stubDir}:${applets}` });
  }
  const passwordFile = path.join(dir, "password");

  function headerFor(shell: (typeof shells)[number], password: string): string {
    fs.writeFileSync(passwordFile, password);
    const [, flag, script] = fetchCommand("https://127.0.0.1:9090/-/healthy", {
      username: "observability",
      passwordFile,
    });
    const result = spawnSync(shell.path, [flag, script], {
      env: { PATH: shell.pathEnv },
      encoding: "utf8",
      timeout: 10_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const args = result.stdout.split("\n");
    expect(args).toContain("--no-check-certificate");
    expect(args).toContain("https://127.0.0.1:9090/-/healthy");
    const header = args[args.indexOf("--header") + 1];
    expect(header).toMatch(/^Authorization: Basic [A-Za-z0-9+/=]+$/);
    return Buffer.from(header.slice("Authorization: Basic ".length), "base64").toString("utf8");
  }

  it.each(shells.map((shell) => [shell.name, shell] as const))(
    "%s sends user:password for any password",
    (_, shell) => {
      for (const tricky of [`it's "quoted" $HOME \\n \`x\``, "p@ss:w/rd?#", "x".repeat(120)]) {
        expect(headerFor(shell, tricky)).toBe(`observability:${tricky}`);
      }
      fc.assert(
        fc.property(
          fc.string({ minLength: 1, maxLength: 80 }).filter((value) => !/[\0\n\r]/.test(value)),
          (password) => headerFor(shell, password) === `observability:${password}`,
        ),
        { numRuns: 25 },
      );
    },
  );
});
