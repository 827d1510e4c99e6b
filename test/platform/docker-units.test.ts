import { describe, expect, it } from "vitest";
import type { Workload } from "../../model/workload";
import { dockerHealthcheck } from "../../platform/docker/healthcheck";
import { containerName, namePrefix, networkName, volumeName } from "../../platform/docker/names";
import { publishedPorts, uiUrl } from "../../platform/docker/ports";
import { cpuQuotaMicros, memoryMiB } from "../../platform/docker/quantities";
import { quantityBytes } from "../../settings/quantities";
import { inPlaceSettingsHash } from "../../platform/docker/replacement";
import { securityArgs } from "../../platform/docker/security";
import { stackSettings } from "../../scripts/underMocks/stacks";

const dev = stackSettings("dev");

describe("quantities", () => {
  it("converts Kubernetes memory quantities to whole MiB, rounding up", () => {
    expect(memoryMiB("512Mi")).toBe(512);
    expect(memoryMiB("1Gi")).toBe(1024);
    expect(memoryMiB("2048Ki")).toBe(2);
    expect(memoryMiB("500M")).toBe(477); // 476.84 MiB
    expect(memoryMiB("1.5Gi")).toBe(1536);
    expect(quantityBytes("1048576")).toBe(1048576);
    expect(quantityBytes("1k")).toBe(1000);
  });

  it("converts CPU quantities to a CFS quota per 100 ms period", () => {
    expect(cpuQuotaMicros("500m")).toBe(50_000);
    expect(cpuQuotaMicros("250m")).toBe(25_000);
    expect(cpuQuotaMicros("2")).toBe(200_000);
    expect(cpuQuotaMicros("1")).toBe(100_000);
    expect(cpuQuotaMicros("1.5")).toBe(150_000);
    expect(cpuQuotaMicros("50m")).toBe(5_000);
    expect(cpuQuotaMicros("10m")).toBe(1_000);
  });

  it("rejects what is not a quantity", () => {
    expect(() => memoryMiB("512MB")).toThrow(/512MB/);
    expect(() => cpuQuotaMicros("half")).toThrow(/half/);
    expect(() => cpuQuotaMicros("0m")).toThrow(/more than zero/);
    expect(() => cpuQuotaMicros("5m")).toThrow(/below the 10m that Docker can enforce/);
  });
});

describe("names", () => {
  it("prefixes every object with obs-<stack> unless docker.namePrefix is set", () => {
    expect(namePrefix(dev)).toBe("obs-dev");
    expect(containerName(dev, "prometheus")).toBe("obs-dev-prometheus");
    expect(networkName(dev)).toBe("obs-dev-net");
    expect(volumeName(dev, "grafana")).toBe("obs-dev-grafana-data");
    const mine = { ...dev, docker: { ...dev.docker, namePrefix: "mine" } };
    expect(containerName(mine, "grafana")).toBe("mine-grafana");
    expect(networkName(mine)).toBe("mine-net");
  });
});

describe("ports", () => {
  const ports: Workload["ports"] = [
    { name: "query", port: 16686, publishAs: "jaeger" },
    { name: "otlp-grpc", port: 4317, publishAs: "otlpGrpc" },
    { name: "admin", port: 14269 },
    { name: "compact", port: 6831, protocol: "UDP" },
  ];

  it("publishes only publishAs ports, on 127.0.0.1 at docker.ports", () => {
    expect(publishedPorts({ ports }, dev)).toEqual([
      { internal: 16686, external: dev.docker.ports.jaeger, ip: "127.0.0.1", protocol: "tcp" },
      { internal: 4317, external: dev.docker.ports.otlpGrpc, ip: "127.0.0.1", protocol: "tcp" },
    ]);
  });

  it("gives the UI URL only when the UI port is published", () => {
    const files: { path: string }[] = [];
    expect(uiUrl({ role: "jaeger", ports, files, ui: { port: "query", host: "jaeger.localhost" } }, dev)).toBe(
      `http://127.0.0.1:${dev.docker.ports.jaeger}/`,
    );
    expect(uiUrl({ role: "jaeger", ports, files, ui: { port: "admin", host: "x" } }, dev)).toBeUndefined();
    expect(uiUrl({ role: "jaeger", ports, files }, dev)).toBeUndefined();
    expect(() => uiUrl({ role: "jaeger", ports, files, ui: { port: "nope", host: "x" } }, dev)).toThrow(/nope/);
  });

  it("gives an https URL when the workload serves TLS", () => {
    const files = [{ path: "/etc/tls/jaeger/tls.crt" }];
    expect(uiUrl({ role: "jaeger", ports, files, ui: { port: "query", host: "jaeger.localhost" } }, dev)).toBe(
      `https://127.0.0.1:${dev.docker.ports.jaeger}/`,
    );
  });
});

describe("health checks", () => {
  const liveness = (command?: string[]) => ({ liveness: { path: "/-/healthy", port: "http", command } });

  it("runs the liveness probe's command in exec form with Go-spelled durations", () => {
    expect(dockerHealthcheck(liveness(["wget", "-q", "--spider", "http://127.0.0.1:9090/-/healthy"]))).toEqual({
      tests: ["CMD", "wget", "-q", "--spider", "http://127.0.0.1:9090/-/healthy"],
      interval: "15s",
      timeout: "5s",
      startPeriod: "30s",
      retries: 3,
    });
  });

  it("has none for images Docker cannot check from inside, and refuses an empty command", () => {
    expect(dockerHealthcheck(liveness())).toBeUndefined();
    expect(() => dockerHealthcheck(liveness([]))).toThrow(/empty command/);
  });

  it("changes the replacement hash when the health check, scratch paths or CPU limit change", () => {
    const healthcheck = dockerHealthcheck(liveness(["wget", "http://127.0.0.1:1/"]));
    const other = dockerHealthcheck(liveness(["wget", "http://127.0.0.1:2/"]));
    const base = { healthcheck, tmpfs: { "/tmp": "rw" }, cpuQuota: 50_000 };
    expect(inPlaceSettingsHash(base)).toBe(inPlaceSettingsHash({ ...base }));
    expect(inPlaceSettingsHash(base)).not.toBe(inPlaceSettingsHash({ ...base, healthcheck: other }));
    expect(inPlaceSettingsHash(base)).not.toBe(inPlaceSettingsHash({ ...base, tmpfs: { "/var/tmp": "rw" } }));
    expect(inPlaceSettingsHash(base)).not.toBe(inPlaceSettingsHash({ ...base, healthcheck: undefined }));
    expect(inPlaceSettingsHash(base)).not.toBe(inPlaceSettingsHash({ ...base, cpuQuota: 100_000 }));
  });
});

describe("security", () => {
  const user = { uid: 65534, gid: 65534 };

  it("confines ordinary workloads", () => {
    expect(securityArgs({ user })).toEqual({
      user: "65534:65534",
      capabilities: { drops: ["ALL"] },
      securityOpts: ["no-new-privileges:true"],
    });
  });

  it("gives node-exporter the host pid namespace, but not host networking (binds: hostMounts)", () => {
    const args = securityArgs({
      user,
      host: {
        network: true,
        pid: true,
        privileged: false,
        mounts: [{ hostPath: "/", mountPath: "/host/root", readOnly: true }],
        reason: "node metrics",
      },
    });
    expect(args).toEqual({
      user: "65534:65534",
      capabilities: { drops: ["ALL"] },
      securityOpts: ["no-new-privileges:true"],
      pidMode: "host",
    });
    expect(args).not.toHaveProperty("networkMode");
  });

  it("runs privileged workloads as the image's user without dropping capabilities", () => {
    const args = securityArgs({
      user,
      host: { network: false, pid: false, privileged: true, mounts: [], reason: "cgroups" },
    });
    expect(args).toEqual({ privileged: true });
  });
});
