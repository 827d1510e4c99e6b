import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { DeployedWorkload, Platform, ResolvedFile, ResolvedWorkload } from "../../platform/types";
import { stackSettings } from "../../scripts/underMocks/stacks";

/** One `newResource` call as the mocked engine saw it (secrets arrive unwrapped). */
interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

const registered: Registered[] = [];

/** Stand-in for the image ID the engine would pull: stable per image reference. */
function fakeImageId(reference: string): string {
  return `sha256:${createHash("sha256").update(reference).digest("hex")}`;
}

/** The resolved value of an Output or plain input. */
function valueOf<T>(input: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(input).apply((value) => resolve(value as T)));
}

/** Waits until every registration issued so far has reached the mock. */
async function settled(resources: readonly pulumi.Resource[]): Promise<void> {
  await Promise.all(resources.map((resource) => valueOf(resource.urn)));
}

/**
 * A recorded input the SDK sent as a secret arrives wrapped in the wire
 * format's secret envelope; returns the value and whether it was wrapped.
 */
function unwrapSecret(value: unknown): { secret: boolean; value: unknown } {
  if (typeof value === "object" && value !== null) {
    const envelope = value as Record<string, unknown>;
    if (envelope[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) {
      return { secret: true, value: envelope["value"] };
    }
  }
  return { secret: false, value };
}

function only(type: string, name: string): Registered {
  const matches = registered.filter((entry) => entry.type === type && entry.name === name);
  expect(matches, `${type} ${name}`).toHaveLength(1);
  return matches[0];
}

const types = {
  network: "docker:index/network:Network",
  image: "docker:index/remoteImage:RemoteImage",
  volume: "docker:index/volume:Volume",
  container: "docker:index/container:Container",
} as const;

const settings = stackSettings("dev");
const resources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "512Mi" } };

function plainFile(path: string, content: string): ResolvedFile {
  return {
    path,
    content,
    sensitive: false,
    checksum: createHash("sha256").update(content).digest("hex"),
    bytes: Buffer.byteLength(content),
    reloadsLive: false,
  };
}

function secretFile(path: string, content: string): ResolvedFile {
  const secret = pulumi.secret(content);
  return {
    path,
    content: secret,
    sensitive: true,
    checksum: pulumi.secret(createHash("sha256").update(content).digest("hex")),
    bytes: Buffer.byteLength(content),
    reloadsLive: false,
  };
}

/** Stateful, with a data volume, a plain and a secret file, and a UI. */
function grafana(datasources = "apiVersion: 1\ndatasources: []\n"): ResolvedWorkload {
  return {
    role: "grafana",
    kind: "stateful",
    image: "docker.io/grafana/grafana:12.1.1",
    args: ["--homepath=/usr/share/grafana", "--config=/etc/grafana/grafana.ini"],
    env: { GF_PATHS_PROVISIONING: "/etc/grafana/provisioning", GF_ANALYTICS_REPORTING_ENABLED: "false" },
    files: [
      plainFile("/etc/grafana/provisioning/datasources/datasources.yaml", datasources),
      secretFile("/etc/grafana/grafana.ini", "[security]\nadmin_password = s3cret-admin\n"),
    ],
    ports: [{ name: "http", port: 3000, publishAs: "grafana" }],
    dataVolume: { mountPath: "/var/lib/grafana", size: "5Gi" },
    scratchPaths: ["/tmp"],
    health: {
      liveness: {
        path: "/api/health",
        port: "http",
        command: ["wget", "-q", "--spider", "http://127.0.0.1:3000/api/health"],
      },
      readiness: {
        path: "/api/health",
        port: "http",
        command: ["wget", "-q", "--spider", "http://127.0.0.1:3000/api/health"],
      },
    },
    resources,
    replicas: 1,
    user: { uid: 472, gid: 0 },
    ui: { port: "http", host: "grafana.localhost" },
    allowFrom: [{ ports: ["http"], from: ["ingress"] }],
  };
}

/** Stateless, with a replaced entrypoint, Kubernetes-only field env and no Docker health check. */
function jaeger(): ResolvedWorkload {
  return {
    role: "jaeger",
    kind: "stateless",
    image: "docker.io/jaegertracing/all-in-one:1.72.0",
    command: ["/go/bin/all-in-one-linux"],
    args: ["--memory.max-traces=100000"],
    env: { COLLECTOR_OTLP_ENABLED: "true" },
    identityEnv: { POD_NAME: "name" },
    files: [],
    ports: [
      { name: "query", port: 16686, publishAs: "jaeger" },
      { name: "otlp-grpc", port: 4317, publishAs: "otlpGrpc" },
      { name: "otlp-http", port: 4318, publishAs: "otlpHttp" },
      { name: "admin", port: 14269 },
    ],
    scratchPaths: ["/tmp"],
    health: {
      liveness: { path: "/", port: "admin" },
      readiness: { path: "/", port: "admin" },
    },
    resources,
    replicas: 2,
    user: { uid: 10001, gid: 10001 },
    ui: { port: "query", host: "jaeger.localhost" },
    allowFrom: [],
  };
}

/** Privileged host access (cAdvisor). */
function cadvisor(): ResolvedWorkload {
  return {
    role: "cadvisor",
    kind: "perNode",
    image: "gcr.io/cadvisor/cadvisor:v0.52.1",
    args: ["--docker_only=true"],
    env: {},
    files: [],
    ports: [{ name: "http", port: 8080 }],
    scratchPaths: [],
    health: {
      liveness: {
        path: "/healthz",
        port: "http",
        command: ["wget", "-q", "--spider", "http://127.0.0.1:8080/healthz"],
      },
      readiness: {
        path: "/healthz",
        port: "http",
        command: ["wget", "-q", "--spider", "http://127.0.0.1:8080/healthz"],
      },
    },
    resources,
    replicas: 1,
    user: { uid: 0, gid: 0 },
    host: {
      network: false,
      pid: false,
      privileged: true,
      mounts: [
        { hostPath: "/", mountPath: "/rootfs", readOnly: true },
        { hostPath: "/var/lib/docker", mountPath: "/var/lib/docker", readOnly: true },
      ],
      reason: "reads the engine's cgroups",
    },
    allowFrom: [{ ports: ["http"], from: ["prometheus"] }],
  };
}

/** Unprivileged host access that asks for host networking (node-exporter). */
function nodeExporter(): ResolvedWorkload {
  return {
    ...cadvisor(),
    role: "node-exporter",
    image: "quay.io/prometheus/node-exporter:v1.9.1",
    args: ["--path.rootfs=/host/root"],
    ports: [{ name: "metrics", port: 9100 }],
    user: { uid: 65534, gid: 65534 },
    host: {
      network: true,
      pid: true,
      privileged: false,
      mounts: [{ hostPath: "/", mountPath: "/host/root", readOnly: true }],
      reason: "node metrics",
    },
  };
}

/** Records every registration; any provider function call is a surprise and fails the test. */
const mocks: pulumi.runtime.Mocks = {
  newResource(args) {
    const inputs = args.inputs as Record<string, unknown>;
    registered.push({ type: args.type, name: args.name, inputs });
    const outputs =
      args.type === "docker:index/remoteImage:RemoteImage"
        ? { imageId: fakeImageId(String(inputs["name"])), repoDigest: `${String(inputs["name"])}@sha256:0` }
        : {};
    return { id: `${args.name}-id`, state: { ...inputs, ...outputs } };
  },
  call(args) {
    throw new Error(`unexpected provider function call ${args.token}`);
  },
};

let platform: Platform;
let parent: pulumi.ComponentResource;
const deployed: Record<string, DeployedWorkload> = {};

beforeAll(async () => {
  // Before the platform is imported, so that nothing reaches a real engine.
  await pulumi.runtime.setMocks(mocks, "observability-stack", "dev", false);
  platform = (await import("../../platform/docker")).dockerPlatform;
  parent = new pulumi.ComponentResource("observability:test:Parent", "stack");
  const foundation = platform.foundation("stack", settings, parent);
  for (const workload of [grafana(), jaeger(), cadvisor(), nodeExporter()]) {
    deployed[workload.role] = platform.deploy(workload.role, workload, settings, foundation, parent);
  }
  await settled([...foundation.dependsOn, ...Object.values(deployed).flatMap((d) => d.resources)]);
});

describe("docker platform under mocks", () => {
  it("is the docker target", () => {
    expect(platform.target).toBe("docker");
  });

  it("creates one bridge network that can reach the host", () => {
    const network = only(types.network, "stack-network");
    expect(network.inputs).toMatchObject({ name: "obs-dev-net", driver: "bridge", internal: false });
    expect(network.inputs["labels"]).toEqual([{ label: "observability-stack", value: "dev" }]);
  });

  it("names and parents every resource after the workload", async () => {
    expect(
      registered
        .filter((entry) => entry.type !== "observability:test:Parent")
        .map((e) => `${e.type} ${e.name}`)
        .sort(),
    ).toEqual(
      [
        `${types.network} stack-network`,
        `${types.image} grafana-image`,
        `${types.volume} grafana-data`,
        `${types.container} grafana-container`,
        `${types.image} jaeger-image`,
        `${types.container} jaeger-container`,
        `${types.image} cadvisor-image`,
        `${types.container} cadvisor-container`,
        `${types.image} node-exporter-image`,
        `${types.container} node-exporter-container`,
      ].sort(),
    );
    const urns = await Promise.all(
      Object.values(deployed)
        .flatMap((d) => d.resources)
        .map((resource) => valueOf(resource.urn)),
    );
    expect(urns).toHaveLength(9);
    for (const urn of urns) expect(urn).toMatch(/::observability:test:Parent\$docker:index\//);
  });

  it("pulls each image and keeps it locally", () => {
    expect(only(types.image, "grafana-image").inputs).toMatchObject({
      name: "docker.io/grafana/grafana:12.1.1",
      keepLocally: true,
    });
    expect(only(types.container, "grafana-container").inputs["image"]).toBe(
      fakeImageId("docker.io/grafana/grafana:12.1.1"),
    );
  });

  it("runs a stateful workload with its volume, files, port, health check and limits", () => {
    expect(only(types.volume, "grafana-data").inputs).toMatchObject({ name: "obs-dev-grafana-data" });
    const inputs = only(types.container, "grafana-container").inputs;
    expect(inputs).toMatchObject({
      name: "obs-dev-grafana",
      networksAdvanced: [{ name: "obs-dev-net", aliases: ["grafana"] }],
      hosts: [{ host: "host.docker.internal", ip: "host-gateway" }],
      restart: "unless-stopped",
      user: "472:0",
      capabilities: { drops: ["ALL"] },
      securityOpts: ["no-new-privileges:true"],
      command: ["--homepath=/usr/share/grafana", "--config=/etc/grafana/grafana.ini"],
      envs: ["GF_ANALYTICS_REPORTING_ENABLED=false", "GF_PATHS_PROVISIONING=/etc/grafana/provisioning"],
      volumes: [{ volumeName: "obs-dev-grafana-data", containerPath: "/var/lib/grafana" }],
      tmpfs: { "/tmp": "rw,nosuid,nodev,mode=1777" },
      ports: [{ internal: 3000, external: settings.docker.ports.grafana, ip: "127.0.0.1", protocol: "tcp" }],
      healthcheck: {
        tests: ["CMD", "wget", "-q", "--spider", "http://127.0.0.1:3000/api/health"],
        interval: "15s",
        timeout: "5s",
        startPeriod: "30s",
        retries: 3,
      },
      memory: 512,
      memorySwap: 512,
      cpuPeriod: 100_000,
      cpuQuota: 50_000,
      // Uploads need a writable root (see platform/docker/files.ts).
      readOnly: false,
    });
    expect(inputs).not.toHaveProperty("entrypoints");
    expect(inputs).not.toHaveProperty("privileged");
    // The engine receives the uploads as a secret because one file embeds a secret.
    const uploads = unwrapSecret(inputs["uploads"]);
    expect(uploads.secret).toBe(true);
    expect(unwrapSecret(inputs["envs"]).secret).toBe(false);
    expect(uploads.value).toEqual([
      { file: "/etc/grafana/provisioning/datasources/datasources.yaml", content: "apiVersion: 1\ndatasources: []\n" },
      { file: "/etc/grafana/grafana.ini", content: "[security]\nadmin_password = s3cret-admin\n" },
    ]);
    const labels = inputs["labels"] as { label: string; value: string }[];
    expect(labels).toEqual(
      expect.arrayContaining([
        { label: "observability-stack", value: "dev" },
        { label: "observability-stack.role", value: "grafana" },
      ]),
    );
    expect(labels.find((l) => l.label === "observability-stack.spec-hash")?.value).toMatch(/^[0-9a-f]{16}$/);
  });

  it("gives the UI URL on 127.0.0.1 at the configured port", async () => {
    expect(await valueOf(deployed["grafana"].uiUrl!)).toBe(`http://127.0.0.1:${settings.docker.ports.grafana}/`);
    expect(await valueOf(deployed["jaeger"].uiUrl!)).toBe(`http://127.0.0.1:${settings.docker.ports.jaeger}/`);
    expect(deployed["cadvisor"].uiUrl).toBeUndefined();
  });

  it("publishes every published port on 127.0.0.1 only", () => {
    const bindings = registered
      .filter((entry) => entry.type === types.container)
      .flatMap((entry) => (entry.inputs["ports"] as { ip: string; external: number }[] | undefined) ?? []);
    expect(bindings.map((binding) => binding.external).sort()).toEqual(
      [
        settings.docker.ports.grafana,
        settings.docker.ports.jaeger,
        settings.docker.ports.otlpGrpc,
        settings.docker.ports.otlpHttp,
      ].sort(),
    );
    for (const binding of bindings) expect(binding.ip).toBe("127.0.0.1");
  });

  it("maps command to the entrypoint and args to the command, ignoring field env", () => {
    const inputs = only(types.container, "jaeger-container").inputs;
    expect(inputs).toMatchObject({
      name: "obs-dev-jaeger",
      entrypoints: ["/go/bin/all-in-one-linux"],
      command: ["--memory.max-traces=100000"],
      envs: ["COLLECTOR_OTLP_ENABLED=true"],
      readOnly: true,
      tmpfs: { "/tmp": "rw,nosuid,nodev,mode=1777" },
      user: "10001:10001",
    });
    // One container whatever `replicas` says; no Docker health check when the model says none.
    expect(
      registered.filter((entry) => entry.name.startsWith("jaeger-") && entry.type === types.container),
    ).toHaveLength(1);
    expect(inputs).not.toHaveProperty("healthcheck");
    expect(inputs).not.toHaveProperty("volumes");
    expect(inputs).not.toHaveProperty("uploads");
  });

  it("runs the privileged host workload privileged, on the stack network, with read-only binds", () => {
    const inputs = only(types.container, "cadvisor-container").inputs;
    expect(inputs).toMatchObject({
      name: "obs-dev-cadvisor",
      privileged: true,
      networksAdvanced: [{ name: "obs-dev-net", aliases: ["cadvisor"] }],
      mounts: [
        { type: "bind", source: "/", target: "/rootfs", readOnly: true },
        { type: "bind", source: "/var/lib/docker", target: "/var/lib/docker", readOnly: true },
      ],
    });
    for (const key of ["user", "capabilities", "securityOpts", "networkMode", "pidMode", "ports"]) {
      expect(inputs).not.toHaveProperty(key);
    }
  });

  it("keeps node-exporter confined and on the stack network despite host.network", () => {
    const inputs = only(types.container, "node-exporter-container").inputs;
    expect(inputs).toMatchObject({
      user: "65534:65534",
      capabilities: { drops: ["ALL"] },
      securityOpts: ["no-new-privileges:true"],
      pidMode: "host",
      networksAdvanced: [{ name: "obs-dev-net", aliases: ["node-exporter"] }],
      mounts: [{ type: "bind", source: "/", target: "/host/root", readOnly: true }],
    });
    expect(inputs).not.toHaveProperty("networkMode");
    expect(inputs).not.toHaveProperty("privileged");
  });
});

describe("container args", () => {
  const refs = { image: "sha256:abc", network: "obs-dev-net", dataVolume: "obs-dev-grafana-data" };

  it("passes a secret file's content on as a secret Output and a plain one as text", async () => {
    const { containerArgs } = await import("../../platform/docker/containerArgs");
    const uploads = containerArgs(grafana(), settings, refs).uploads as {
      file: string;
      content: pulumi.Input<string>;
    }[];
    const plain = uploads.find((upload) => upload.file.endsWith("datasources.yaml"))!;
    const secret = uploads.find((upload) => upload.file.endsWith("grafana.ini"))!;
    expect(typeof plain.content).toBe("string");
    expect(pulumi.Output.isInstance(secret.content)).toBe(true);
    expect(await pulumi.isSecret(secret.content as pulumi.Output<string>)).toBe(true);
    expect(await valueOf(secret.content)).toContain("s3cret-admin");
  });

  it("marks the container's uploads output secret only when a file is sensitive", async () => {
    const { secretOutputs } = await import("../../platform/docker/containerArgs");
    expect(secretOutputs(grafana())).toEqual(["uploads"]);
    expect(secretOutputs(jaeger())).toEqual([]);
  });

  it("changes the uploads (ForceNew in the provider) when a file's content changes", async () => {
    const { containerArgs } = await import("../../platform/docker/containerArgs");
    const before = containerArgs(grafana(), settings, refs);
    const after = containerArgs(grafana("apiVersion: 1\ndatasources: [{name: x}]\n"), settings, refs);
    const contents = async (args: typeof before) =>
      Promise.all((args.uploads as { content: pulumi.Input<string> }[]).map((upload) => valueOf(upload.content)));
    expect(await contents(before)).not.toEqual(await contents(after));
    expect(before.labels).toEqual(after.labels);
  });

  it("changes the spec-hash label (ForceNew) when the health check changes", async () => {
    const { containerArgs } = await import("../../platform/docker/containerArgs");
    const changed: ResolvedWorkload = {
      ...grafana(),
      health: {
        ...grafana().health,
        liveness: {
          path: "/healthz",
          port: "http",
          command: ["wget", "-q", "--spider", "http://127.0.0.1:3000/healthz"],
        },
      },
    };
    expect(containerArgs(changed, settings, refs).labels).not.toEqual(containerArgs(grafana(), settings, refs).labels);
  });

  it("refuses a data directory without a volume", async () => {
    const { containerArgs } = await import("../../platform/docker/containerArgs");
    expect(() => containerArgs(grafana(), settings, { image: "sha256:abc", network: "n" })).toThrow(/data directory/);
  });

  it("honours docker.namePrefix", async () => {
    const { containerArgs } = await import("../../platform/docker/containerArgs");
    const mine = { ...settings, docker: { ...settings.docker, namePrefix: "mine" } };
    expect(containerArgs(jaeger(), mine, refs).name).toBe("mine-jaeger");
  });
});
