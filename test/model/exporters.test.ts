import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { roles } from "../../model/addresses";
import {
  blackboxConfig,
  blackboxConfigPath,
  blackboxConfigYaml,
  blackboxModules,
  exporterWorkloads,
  kubeStateMetricsRules,
} from "../../model/exporters";
import { fillSecrets } from "../../model/secrets";
import type { Workload } from "../../model/workload";
import { dockerHealthcheck } from "../../platform/docker/healthcheck";
import { exporterResources } from "../../settings/profiles";
import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { stackNames, stackSettings } from "../../scripts/underMocks/stacks";
import { secretValuesWithTls } from "./webConfigTestValues";
import { expectWellFormed } from "./workloadChecks";

function byRole(workloads: readonly Workload[], role: string): Workload {
  const found = workloads.find((workload) => workload.role === role);
  if (found === undefined) throw new Error(`no workload ${role}; have ${workloads.map((w) => w.role).join(", ")}`);
  return found;
}

function withDatabases(settings: ResolvedSettings): ResolvedSettings {
  return {
    ...settings,
    exporters: {
      ...settings.exporters,
      postgres: [{ name: "orders", dsnSecret: "ordersDbDsn" }],
      redis: [
        { name: "cache", address: "cache.apps.svc:6379", passwordSecret: "cacheRedisPassword" },
        { name: "sessions", address: "sessions:6379" },
      ],
    },
  };
}

const databaseSecretValues = {
  ordersDbDsn: "db.example.com:5432/orders?sslmode=require&user=exporter&password=s3cr%40t",
  cacheRedisPassword: 'r"e\\dis pass',
};

describe.each(stackNames)("exporter workloads (%s)", (stack) => {
  const settings = withDatabases(stackSettings(stack));
  const workloads = exporterWorkloads(settings);
  const values = { ...secretValuesWithTls(settings), ...databaseSecretValues };

  it.each(workloads.map((workload) => [workload.role, workload] as const))("%s is well formed", (_, workload) => {
    expectWellFormed(workload, values);
  });

  it("every exporter takes scrapes from Prometheus only, with the small exporter resources", () => {
    for (const workload of workloads) {
      expect(workload.allowFrom.every((rule) => rule.from.length === 1 && rule.from[0] === roles.prometheus)).toBe(
        true,
      );
      expect(workload.resources).toEqual(exporterResources);
      expect(workload.ui).toBeUndefined();
      expect(workload.ports.every((port) => port.publishAs === undefined)).toBe(true);
    }
  });

  it("role names are unique", () => {
    const names = workloads.map((workload) => workload.role);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("exporters by target", () => {
  it("dev (Docker) runs node-exporter, cAdvisor and blackbox, no kube-state-metrics", () => {
    expect(exporterWorkloads(stackSettings("dev")).map((workload) => workload.role)).toEqual([
      "node-exporter",
      "cadvisor",
      "blackbox-exporter",
    ]);
  });

  it("staging and prod (Kubernetes) run node-exporter, kube-state-metrics and blackbox, no cAdvisor", () => {
    for (const stack of ["staging", "prod"] as const) {
      expect(exporterWorkloads(stackSettings(stack)).map((workload) => workload.role)).toEqual([
        "node-exporter",
        "kube-state-metrics",
        "blackbox-exporter",
      ]);
    }
  });

  it("target-bound exporters follow the target whatever the flags say", () => {
    const docker = stackSettings("dev");
    const kubernetes = stackSettings("prod");
    const allOn = {
      nodeExporter: true,
      cadvisor: true,
      kubeStateMetrics: true,
      blackbox: true,
      postgres: [],
      redis: [],
    };
    const roleSet = (settings: ResolvedSettings) =>
      exporterWorkloads({ ...settings, exporters: allOn }).map((workload) => workload.role);
    expect(roleSet(docker)).not.toContain("kube-state-metrics");
    expect(roleSet(kubernetes)).not.toContain("cadvisor");
  });

  it("flags switch exporters off", () => {
    const settings = stackSettings("prod");
    const none = {
      nodeExporter: false,
      cadvisor: false,
      kubeStateMetrics: false,
      blackbox: false,
      postgres: [],
      redis: [],
    };
    expect(exporterWorkloads({ ...settings, exporters: none })).toEqual([]);
  });
});

describe("node-exporter", () => {
  it("on Docker reads host /proc, /sys and / read-only, without host namespaces", () => {
    const workload = byRole(exporterWorkloads(stackSettings("dev")), "node-exporter");
    expect(workload.kind).toBe("stateless");
    expect(workload.image).toBe(defaultImages.nodeExporter);
    expect(workload.host).toMatchObject({ network: false, pid: false, privileged: false });
    expect(workload.host!.mounts).toEqual([
      { hostPath: "/proc", mountPath: "/host/proc", readOnly: true },
      { hostPath: "/sys", mountPath: "/host/sys", readOnly: true },
      { hostPath: "/", mountPath: "/host/root", readOnly: true },
    ]);
    expect(workload.args).toEqual(
      expect.arrayContaining(["--path.procfs=/host/proc", "--path.sysfs=/host/sys", "--path.rootfs=/host/root"]),
    );
    expect(workload.user.uid).toBe(65534);
  });

  it("on Kubernetes runs on every node in the host network and PID namespaces, root filesystem read-only", () => {
    const workload = byRole(exporterWorkloads(stackSettings("prod")), "node-exporter");
    expect(workload.kind).toBe("perNode");
    expect(workload.host).toMatchObject({ network: true, pid: true, privileged: false });
    expect(workload.host!.mounts.every((mount) => mount.readOnly)).toBe(true);
    expect(workload.host!.mounts).toContainEqual({ hostPath: "/", mountPath: "/host/root", readOnly: true });
    expect(workload.host!.reason).toMatch(/network and PID/);
  });
});

describe("cAdvisor", () => {
  it("runs as root but unprivileged, with the engine's state mounted read-only, reason documented", () => {
    const workload = byRole(exporterWorkloads(stackSettings("dev")), "cadvisor");
    expect(workload.host?.privileged).toBe(false);
    expect(workload.user).toEqual({ uid: 0, gid: 0 });
    expect(workload.host!.mounts.map((mount) => mount.hostPath)).toEqual(
      expect.arrayContaining(["/", "/sys", "/var/run", "/dev/disk"]),
    );
    // Not a fixed /var/lib/docker: the platform mounts wherever the engine keeps its data.
    expect(workload.host!.mounts.map((mount) => mount.hostPath)).not.toContain("/var/lib/docker");
    expect(workload.host!.engineDataRoot).toBe(true);
    // Hosts without /dev/disk (VMs, NAS installs) still run it.
    expect(workload.host!.mounts.filter((mount) => mount.optional).map((mount) => mount.hostPath)).toEqual([
      "/dev/disk",
    ]);
    expect(workload.host!.mounts.every((mount) => mount.readOnly)).toBe(true);
    expect(workload.host!.reason).toMatch(/cgroups/);
    expect(workload.health.liveness).toMatchObject({ path: "/healthz", port: "metrics" });
    expect(workload.health.liveness.command).toContain("http://127.0.0.1:8080/healthz");
  });
});

describe("kube-state-metrics", () => {
  const workload = byRole(exporterWorkloads(stackSettings("prod")), "kube-state-metrics");

  it("may list and watch exactly the resources it is told to report", () => {
    const flag = workload.args.find((arg) => arg.startsWith("--resources="));
    const reported = flag!.slice("--resources=".length).split(",").sort();
    const granted = kubeStateMetricsRules()
      .flatMap((rule) => rule.resources ?? [])
      .sort();
    expect(reported).toEqual(granted);
    expect(workload.kubernetesApi?.rules).toEqual(kubeStateMetricsRules());
    for (const rule of kubeStateMetricsRules()) expect(rule.verbs).toEqual(["list", "watch"]);
    expect(reported).toEqual(expect.arrayContaining(["pods", "deployments", "nodes", "statefulsets", "jobs"]));
  });

  it("never reads Secrets or ConfigMaps", () => {
    const resources = kubeStateMetricsRules().flatMap((rule) => rule.resources ?? []);
    expect(resources).not.toContain("secrets");
    expect(resources).not.toContain("configmaps");
  });

  it("is probed from outside over HTTPS: live on http, ready on telemetry", () => {
    // prod serves TLS; the distroless image has no shell, so no exec probes and no basic auth.
    expect(workload.health).toEqual({
      liveness: { path: "/livez", port: "http", scheme: "HTTPS" },
      readiness: { path: "/readyz", port: "telemetry", scheme: "HTTPS" },
    });
  });
});

describe("blackbox exporter", () => {
  const tempDir = mkdtempSync(path.join(tmpdir(), "blackbox-"));
  afterAll(() => rmSync(tempDir, { recursive: true, force: true }));
  const binary = "/usr/bin/prometheus-blackbox-exporter";

  function configCheck(content: string): { status: number | null; output: string } {
    if (!existsSync(binary)) {
      throw new Error(
        `${binary} is missing; install it with: apt-get install -y --no-install-recommends prometheus-blackbox-exporter`,
      );
    }
    const file = path.join(tempDir, `blackbox-${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(file, content);
    const result = spawnSync(binary, ["--config.check", `--config.file=${file}`], {
      encoding: "utf8",
      timeout: 20_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it("ships the config file it is started with", () => {
    const workload = byRole(exporterWorkloads(stackSettings("dev")), "blackbox-exporter");
    expect(workload.args).toContain(`--config.file=${blackboxConfigPath}`);
    expect(workload.files).toEqual([
      { path: blackboxConfigPath, content: blackboxConfigYaml(stackSettings("dev")), secretEscaping: "yaml" },
    ]);
  });

  it("defines the modules Prometheus' probe jobs use", () => {
    const modules = blackboxConfig(stackSettings("dev"))["modules"] as Record<string, { prober: string }>;
    expect(Object.keys(modules).sort()).toEqual(["http_2xx", "tcp_connect"]);
    expect(modules[blackboxModules.http2xx].prober).toBe("http");
    expect(modules[blackboxModules.tcpConnect].prober).toBe("tcp");
  });

  it("adds a TLS handshake module trusting the stack's CA when TLS is on", () => {
    const modules = blackboxConfig(stackSettings("prod"))["modules"] as Record<string, Record<string, unknown>>;
    expect(Object.keys(modules).sort()).toEqual(["http_2xx", "tcp_connect", "tls_handshake"]);
    expect(modules[blackboxModules.tlsHandshake]).toEqual({
      prober: "tcp",
      timeout: "5s",
      tcp: {
        preferred_ip_protocol: "ip4",
        tls: true,
        tls_config: { ca_file: "/etc/tls/blackbox-exporter/ca.crt", min_version: "TLS12" },
      },
    });
  });

  it.each(["dev", "prod"] as const)("passes the real blackbox exporter's --config.check (%s)", (stack) => {
    const result = configCheck(blackboxConfigYaml(stackSettings(stack)));
    expect(result.output).toContain("Config file is ok");
    expect(result.status).toBe(0);
  });

  it("the check catches a misspelled key (the validator is live)", () => {
    const broken = blackboxConfig(stackSettings("dev")) as { modules: Record<string, Record<string, unknown>> };
    broken.modules[blackboxModules.http2xx]["timout"] = "5s";
    const result = configCheck(stringify(broken));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/field timout not found/);
  });
});

describe("postgres-exporter", () => {
  const settings = withDatabases(stackSettings("prod"));
  const workload = byRole(exporterWorkloads(settings), "postgres-exporter-orders");

  it("reads its connection from a raw secret file through DATA_SOURCE_URI_FILE", () => {
    expect(workload.env).toEqual({ DATA_SOURCE_URI_FILE: "/etc/postgres-exporter/secrets/data-source-uri" });
    expect(workload.files[0]).toEqual({
      path: "/etc/postgres-exporter/secrets/data-source-uri",
      content: "__SECRET_ordersDbDsn__",
      secretEscaping: "raw",
    });
    expect(workload.args.join(" ")).not.toMatch(/DATA_SOURCE|password/i);
    expect(workload.image).toBe(defaultImages.postgresExporter);
    expect(workload.ports).toEqual([{ name: "metrics", port: 9187 }]);
  });
});

describe("database exporters with the stack's TLS on (prod)", () => {
  const settings = withDatabases(stackSettings("prod"));
  const [postgres, cache] = ["postgres-exporter-orders", "redis-exporter-cache"].map((role) =>
    byRole(exporterWorkloads(settings), role),
  );

  it("postgres-exporter serves TLS through its web config, without basic auth", () => {
    expect(postgres.args).toContain("--web.config.file=/etc/postgres-exporter-orders/web/web.yml");
    const webConfig = postgres.files.find((file) => file.path === "/etc/postgres-exporter-orders/web/web.yml");
    const document = parse(webConfig!.content) as Record<string, unknown>;
    expect(document["tls_server_config"]).toEqual({
      cert_file: "/etc/tls/postgres-exporter-orders/tls.crt",
      key_file: "/etc/tls/postgres-exporter-orders/tls.key",
      min_version: "TLS12",
    });
    expect(document).not.toHaveProperty("basic_auth_users");
    expect(postgres.health.readiness.scheme).toBe("HTTPS");
  });

  it("redis-exporter serves TLS with its own flags and HTTPS probes", () => {
    expect(cache.args).toEqual(
      expect.arrayContaining([
        "--tls-server-cert-file=/etc/tls/redis-exporter-cache/tls.crt",
        "--tls-server-key-file=/etc/tls/redis-exporter-cache/tls.key",
      ]),
    );
    expect(cache.files.map((file) => file.path)).toEqual(
      expect.arrayContaining(["/etc/tls/redis-exporter-cache/tls.crt", "/etc/tls/redis-exporter-cache/ca.crt"]),
    );
    expect(cache.health.liveness.scheme).toBe("HTTPS");
    expect(cache.health.liveness.command).toBeUndefined();
  });
});

describe("redis-exporter", () => {
  const settings = withDatabases(stackSettings("dev"));
  const withPassword = byRole(exporterWorkloads(settings), "redis-exporter-cache");
  const withoutPassword = byRole(exporterWorkloads(settings), "redis-exporter-sessions");

  it("scrapes the configured address", () => {
    expect(withPassword.args).toContain("--redis.addr=redis://cache.apps.svc:6379");
    expect(withoutPassword.args).toContain("--redis.addr=redis://sessions:6379");
  });

  it("reads the password from a JSON password file keyed by the Redis URI", () => {
    expect(withPassword.args).toContain("--redis.password-file=/etc/redis-exporter/secrets/passwords.json");
    const file = withPassword.files[0];
    expect(file.content).toBe('{"redis://cache.apps.svc:6379":__SECRET_cacheRedisPassword__}');
    const filled = JSON.parse(fillSecrets(file, databaseSecretValues)) as Record<string, string>;
    expect(filled).toEqual({ "redis://cache.apps.svc:6379": databaseSecretValues.cacheRedisPassword });
  });

  it("has no password file and no password flag without a password", () => {
    expect(withoutPassword.files).toEqual([]);
    expect(withoutPassword.args.join(" ")).not.toMatch(/password/);
  });

  it("is probed from outside only: the image has no shell", () => {
    expect(withPassword.health.liveness).toEqual({ path: "/health", port: "metrics" });
    expect(dockerHealthcheck(withPassword.health)).toBeUndefined();
  });
});
