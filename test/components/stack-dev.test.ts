import { describe, expect, it } from "vitest";
import { describeStackBasics, runStackOnce } from "./stackChecks";

const getRun = runStackOnce("dev");
describeStackBasics("dev", getRun);

describe("dev stack on docker", () => {
  const containers = () => getRun().resources.filter((r) => r.type === "docker:index/container:Container");

  it("creates docker resources only, and generates Grafana's credentials", () => {
    const types = new Set(getRun().resources.map((r) => r.type));
    expect([...types].filter((type) => type.startsWith("kubernetes:"))).toEqual([]);
    expect(types).toContain("docker:index/network:Network");
    expect(
      getRun()
        .resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword")
        .map((r) => r.name),
    ).toEqual(["observability-grafanaAdminPassword", "observability-grafanaSecretKey"]);
  });

  it("runs every role of the plan as one container, beside the one-shot writers of Prometheus's files and Grafana's dashboards", () => {
    const [oneShot, running] = [true, false].map((stopped) =>
      containers().filter((r) => (r.inputs["mustRun"] === false) === stopped),
    );
    expect(oneShot.map((r) => r.inputs["name"]).sort()).toEqual(["obs-dev-grafana-files", "obs-dev-prometheus-files"]);
    const names = running.map((r) => r.inputs["name"]);
    expect(names).toEqual(
      expect.arrayContaining([
        "obs-dev-prometheus",
        "obs-dev-alertmanager",
        "obs-dev-grafana",
        "obs-dev-jaeger",
        "obs-dev-node-exporter",
        "obs-dev-cadvisor",
        "obs-dev-blackbox-exporter",
      ]),
    );
    expect(names).toHaveLength(7);
  });

  it("gives Prometheus its files on a read-only volume that the loader writes, and a read-only root", () => {
    const named = (name: string) => containers().find((r) => r.inputs["name"] === name)!.inputs;
    const prometheus = named("obs-dev-prometheus");
    const loader = named("obs-dev-prometheus-files");
    expect(prometheus).not.toHaveProperty("uploads");
    expect(prometheus["readOnly"]).toBe(true);
    expect(prometheus["volumes"]).toContainEqual({
      volumeName: "obs-dev-prometheus-files",
      containerPath: "/etc/prometheus",
      readOnly: true,
    });
    expect(loader).toMatchObject({ attach: true, mustRun: false, networkMode: "none", readOnly: false });
    expect(loader["volumes"]).toEqual([{ volumeName: "obs-dev-prometheus-files", containerPath: "/volume" }]);
    // It copies exactly what it was given: every upload, by its path under /etc/prometheus.
    const uploaded = (loader["uploads"] as { file: string }[]).map((upload) => upload.file);
    expect(uploaded).toContain("/etc/prometheus/prometheus.yml");
    expect(uploaded.filter((file) => file.startsWith("/etc/prometheus/rules/")).length).toBeGreaterThan(3);
    expect(loader["command"]).toEqual([
      "/etc/prometheus",
      "/volume",
      ...uploaded.map((file) => file.slice("/etc/prometheus/".length)),
    ]);
  });

  it("gives Grafana its dashboards on a read-only volume that a loader writes, its other files as uploads", () => {
    const named = (name: string) => containers().find((r) => r.inputs["name"] === name)!.inputs;
    const grafana = named("obs-dev-grafana");
    const loader = named("obs-dev-grafana-files");
    expect(grafana["volumes"]).toContainEqual({
      volumeName: "obs-dev-grafana-files",
      containerPath: "/etc/grafana/dashboards",
      readOnly: true,
    });
    const uploadedTo = (inputs: Record<string, unknown>) =>
      (inputs["uploads"] as { file: string }[]).map((upload) => upload.file);
    // Provisioning and secrets are read at start only: they stay uploads of Grafana's container.
    expect(uploadedTo(grafana)).toContain("/etc/grafana/provisioning/dashboards/observability-stack.yaml");
    expect(uploadedTo(grafana).filter((file) => file.startsWith("/etc/grafana/dashboards/"))).toEqual([]);
    const dashboards = uploadedTo(loader);
    expect(dashboards.length).toBeGreaterThanOrEqual(3);
    expect(dashboards.every((file) => /^\/etc\/grafana\/dashboards\/[^/]+\/[^/]+\.json$/.test(file))).toBe(true);
    expect(loader["command"]).toEqual([
      "/etc/grafana/dashboards",
      "/volume",
      ...dashboards.map((file) => file.slice("/etc/grafana/dashboards/".length)),
    ]);
  });

  it("publishes ports on 127.0.0.1 only", () => {
    const published = containers().flatMap(
      (r) => (r.inputs["ports"] as { ip?: string; external?: number }[] | undefined) ?? [],
    );
    expect(published.map((port) => port.external).sort((a, b) => a! - b!)).toEqual([
      3000, 4317, 4318, 9090, 9093, 16686,
    ]);
    for (const port of published) expect(port.ip).toBe("127.0.0.1");
  });

  it("keeps Prometheus, Alertmanager and Grafana data on named volumes", () => {
    const volumes = getRun()
      .resources.filter((r) => r.type === "docker:index/volume:Volume")
      .map((r) => r.inputs["name"]);
    expect(volumes).toEqual(
      expect.arrayContaining(["obs-dev-prometheus-data", "obs-dev-alertmanager-data", "obs-dev-grafana-data"]),
    );
  });
});
