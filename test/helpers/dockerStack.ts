import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { OutputMap, Stack } from "@pulumi/pulumi/automation";
import { devStackImages } from "../../scripts/devImages";
import { httpRequest, type HttpsResponse, type RequestOptions } from "../e2e/httpsClient";
import type { OtlpTarget } from "../e2e/traces";
import { EngineProject, engineUnderTest, type EngineUnderTest } from "./engine";
import { makeTempDir } from "./tempFiles";

/**
 * The dev stack deployed for real: the Pulumi CLI runs `index.ts` through
 * the Node.js language host (the full engine of `scripts/engine`) against
 * the local Docker engine (`scripts/docker-engine`), with the images of the
 * pinned versions built here (`scripts/images`; Grafana a stand-in).
 */

/** What a docker CLI call printed. */
export interface DockerResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the docker CLI (never through a shell). */
export function docker(args: readonly string[], timeoutMs = 120_000): DockerResult {
  const result = spawnSync("docker", args, { encoding: "utf8", timeout: timeoutMs, stdio: ["ignore", "pipe", "pipe"] });
  return {
    status: result.status ?? -1,
    stdout: result.stdout ?? "",
    stderr: result.stderr ?? String(result.error ?? ""),
  };
}

/** Runs the docker CLI and returns its trimmed output. @throws when it fails. */
export function dockerOk(args: readonly string[], timeoutMs?: number): string {
  const result = docker(args, timeoutMs);
  if (result.status !== 0) throw new Error(`docker ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return result.stdout.trim();
}

/**
 * The full engine, when everything a live dev stack needs is here; else
 * undefined, or an error naming what is missing when OBSERVABILITY_REQUIRE_DOCKER=1
 * (`npm test` sets it once it has started Docker and built the images).
 */
export function liveDockerEngine(): EngineUnderTest | undefined {
  const problems: string[] = [];
  const engine = engineUnderTest();
  const bin = engine?.program === "project" ? engine.bin : undefined;
  if (bin === undefined) {
    problems.push("PULUMI_ENGINE_BIN is not set (the full engine: export $(bash scripts/engine | tail -n 1))");
  } else {
    for (const binary of ["pulumi-language-nodejs", "pulumi-resource-docker", "pulumi-resource-random"]) {
      if (!fs.existsSync(path.join(bin, binary))) problems.push(`${bin} has no ${binary} (run bash scripts/engine)`);
    }
  }
  if (docker(["info"], 20_000).status !== 0) {
    problems.push("no Docker engine answers (export $(bash scripts/docker-engine start | tail -n 1))");
  } else {
    const missing = devStackImages().filter((image) => docker(["image", "inspect", image], 20_000).status !== 0);
    if (missing.length > 0) problems.push(`images not built: ${missing.join(", ")} (run bash scripts/images)`);
  }
  if (problems.length === 0) return engine;
  if (process.env["OBSERVABILITY_REQUIRE_DOCKER"] === "1")
    throw new Error(`the live dev stack cannot run: ${problems.join("; ")}`);
  return undefined;
}

/** One deployment of the dev stack file, made distinct by its names and ports. */
export interface DevVariant {
  readonly title: string;
  /** `docker.namePrefix`: containers, network and volumes are `<prefix>-…`. */
  readonly prefix: string;
  /** First of six consecutive host ports on 127.0.0.1. */
  readonly portBase: number;
  /** TLS from the stack's self-signed CA and basic auth on every hop. */
  readonly secure: boolean;
}

/** The alerting timings the live stacks run with (short, so that a test sees a notification soon). */
export const liveAlerting = { groupWait: "5s", groupInterval: "10s", repeatInterval: "1h" } as const;

/** Where the test's webhook receiver listens on the stack network (see WebhookReceiver). */
const webhookUrl = "http://webhook:8080/cgi-bin/alert";

/** A monitored service of the plain variant: a real endpoint on the stack's network with a health URL. */
export const e2eService = {
  name: "e2e-app",
  targets: ["prometheus:9090"],
  healthUrl: "http://prometheus:9090/-/healthy",
  labels: { team: "e2e" },
} as const;

/** The stack file settings of a variant, on top of the committed dev stack file. */
export function variantSettings(variant: DevVariant): Record<string, unknown> {
  const base = variant.portBase;
  return {
    docker: {
      namePrefix: variant.prefix,
      ports: {
        grafana: base,
        prometheus: base + 1,
        alertmanager: base + 2,
        jaeger: base + 3,
        otlpGrpc: base + 4,
        otlpHttp: base + 5,
      },
    },
    alerting: {
      receivers: [{ name: "null" }, { name: "e2e-webhook", webhook: { urlSecret: "e2eWebhookUrl" } }],
      routes: [],
      defaultReceiver: "e2e-webhook",
      ...liveAlerting,
    },
    // The TLS variant's blackbox exporter probes the stack's own TLS endpoints;
    // the plain one probes a service's health URL (Prometheus standing in for an app).
    ...(variant.secure
      ? { tls: { mode: "selfSigned" }, auth: { basicAuth: { enabled: true } } }
      : { services: [e2eService] }),
  };
}

/** A deployed dev stack and how to reach it from this machine. */
export class DevStack {
  private constructor(
    readonly variant: DevVariant,
    readonly project: EngineProject,
    readonly stack: Stack,
    private outputs: OutputMap,
  ) {}

  /**
   * Copies the project and writes the variant into its dev stack file; the
   * stack is created but nothing is deployed (see `up`), so that a failed
   * `up` still leaves a stack to destroy.
   */
  static async prepare(engine: EngineUnderTest, variant: DevVariant): Promise<DevStack> {
    const project = new EngineProject(engine);
    for (const [key, value] of Object.entries(variantSettings(variant))) project.setInStackFile("dev", key, value);
    project.commit(`live ${variant.title}`);
    const stack = await project.stack("dev");
    await stack.setConfig("observability:e2eWebhookUrl", { value: webhookUrl, secret: true });
    return new DevStack(variant, project, stack, {});
  }

  /** `pulumi up`, each line of its output to `log`. */
  async up(log: (line: string) => void): Promise<void> {
    await this.stack.up({ onOutput: (line) => log(`[${this.variant.prefix}] ${line.trimEnd()}`) });
    await this.refreshOutputs();
  }

  /** Re-reads the stack outputs (after an update). */
  async refreshOutputs(): Promise<void> {
    this.outputs = await this.stack.outputs();
  }

  /** A stack output's value. @throws when absent. */
  output(name: string): unknown {
    const output = this.outputs[name];
    if (output === undefined) throw new Error(`stack has no output ${name}`);
    return output.value;
  }

  /** A string output, e.g. `prometheusUrl`. */
  url(name: "prometheusUrl" | "alertmanagerUrl" | "grafanaUrl" | "jaegerUrl"): string {
    const value = this.output(name);
    if (typeof value !== "string" || value === "") throw new Error(`output ${name} is not a URL: ${String(value)}`);
    return value.endsWith("/") ? value : `${value}/`;
  }

  /** The OTLP endpoints the stack publishes on loopback, for an application on this machine. */
  otlpTarget(): OtlpTarget {
    const scheme = this.variant.secure ? "https" : "http";
    const base = this.variant.portBase;
    return {
      grpcUrl: `${scheme}://127.0.0.1:${base + 4}`,
      httpUrl: `${scheme}://127.0.0.1:${base + 5}`,
      ...(this.variant.secure ? { ca: String(this.output("caCertificate")) } : {}),
    };
  }

  /** The container name of a role. */
  container(role: string): string {
    return `${this.variant.prefix}-${role}`;
  }

  /** Whether the Grafana container runs the stand-in image (see scripts/images), not Grafana. */
  grafanaIsStandIn(): boolean {
    const image = dockerOk(["inspect", "-f", "{{.Config.Image}}", this.container("grafana")]);
    return (
      dockerOk(["image", "inspect", "-f", '{{index .Config.Labels "io.observability-stack.stand-in"}}', image]) ===
      "grafana"
    );
  }

  /** The stack network's name. */
  get network(): string {
    return `${this.variant.prefix}-net`;
  }

  /** Whom to trust and which credentials to send to the stack's own servers. */
  clientOptions(): RequestOptions {
    if (!this.variant.secure) return {};
    return {
      ca: String(this.output("caCertificate")),
      basicAuth: { username: String(this.output("basicAuthUser")), password: String(this.output("basicAuthPassword")) },
    };
  }

  /** A request to one of the stack's published URLs (path relative to it), with the stack's CA and credentials. */
  request(
    base: "prometheusUrl" | "alertmanagerUrl" | "grafanaUrl" | "jaegerUrl",
    relative: string,
    options: RequestOptions = {},
  ): Promise<HttpsResponse> {
    return httpRequest(new URL(relative, this.url(base)).toString(), { ...this.clientOptions(), ...options });
  }

  /** A JSON API answer's `data`, checking the status. */
  async api<T>(base: "prometheusUrl" | "alertmanagerUrl" | "jaegerUrl", relative: string): Promise<T> {
    const response = await this.request(base, relative, { timeoutMs: 20_000 });
    if (response.status !== 200) throw new Error(`GET ${relative}: ${response.status} ${response.body.slice(0, 300)}`);
    return (JSON.parse(response.body) as { data: T }).data;
  }

  /** An instant PromQL query at `time` (seconds; now when absent). */
  async query(expr: string, time?: number): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
    const params = new URLSearchParams({ query: expr, ...(time !== undefined ? { time: String(time) } : {}) });
    const data = await this.api<{ resultType: string; result: unknown }>(
      "prometheusUrl",
      `api/v1/query?${params.toString()}`,
    );
    if (data.resultType === "scalar") {
      const [at, value] = data.result as [number, string];
      return [{ metric: {}, value: [at, value] }];
    }
    return data.result as { metric: Record<string, string>; value: [number, string] }[];
  }

  /** The containers of this deployment (those on its network, but for the test's webhook), with their state and health. */
  containers(): { name: string; state: string; health: string | undefined }[] {
    const names = dockerOk(["ps", "-a", "--filter", `network=${this.network}`, "--format", "{{.Names}}"])
      .split("\n")
      .filter((name) => name !== "" && name !== webhookContainer(this.variant));
    return names.map((name) => {
      const [state, health] = dockerOk([
        "inspect",
        "-f",
        "{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}",
        name,
      ]).split(" ");
      return { name, state: state ?? "", health: health === "" ? undefined : health };
    });
  }
}

/** The webhook receiver's container name. */
function webhookContainer(variant: DevVariant): string {
  return `${variant.prefix}-e2e-webhook`;
}

/** One notification as the webhook receiver got it. */
export interface Notification {
  /** When this process first saw it (ms since the epoch). */
  readonly seenAt: number;
  readonly payload: {
    status: "firing" | "resolved";
    receiver: string;
    alerts: {
      status: "firing" | "resolved";
      labels: Record<string, string>;
      annotations: Record<string, string>;
      startsAt: string;
      endsAt: string;
    }[];
  };
}

/**
 * A webhook receiver on the stack's network, reached by Alertmanager as
 * `webhook:8080`: BusyBox httpd (from one of the stack's own BusyBox-based
 * images) with a CGI script that keeps each request body as a file in a
 * folder this process reads. Nothing is published: only the stack's
 * containers reach it.
 */
export class WebhookReceiver {
  private readonly seen = new Map<string, number>();

  private constructor(
    readonly dir: string,
    private readonly name: string,
  ) {}

  /** Starts the receiver on the variant's network, from `image` (which must carry BusyBox). */
  static start(stack: DevStack, image: string): WebhookReceiver {
    const dir = makeTempDir("webhook");
    fs.mkdirSync(path.join(dir, "cgi-bin"));
    fs.mkdirSync(path.join(dir, "received"));
    const script = path.join(dir, "cgi-bin", "alert");
    fs.writeFileSync(
      script,
      [
        "#!/bin/sh",
        "# Keeps the request body as one file; answers 200.",
        "file=$(mktemp /www/received/notification.XXXXXX)",
        'head -c "${CONTENT_LENGTH:-0}" > "$file"',
        'chmod 0644 "$file"',
        "printf 'Status: 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nok\\n'",
        "",
      ].join("\n"),
    );
    fs.chmodSync(script, 0o755);
    // The container runs as nobody; the folder it writes into is the test's.
    fs.chmodSync(path.join(dir, "received"), 0o777);
    fs.chmodSync(dir, 0o755);
    const name = webhookContainer(stack.variant);
    docker(["rm", "--force", "--volumes", name]);
    dockerOk([
      "run",
      "--detach",
      "--name",
      name,
      "--network",
      stack.network,
      "--network-alias",
      "webhook",
      "--user",
      "65534:65534",
      "--read-only",
      "--cap-drop",
      "ALL",
      "--volume",
      `${dir}:/www`,
      "--entrypoint",
      "/bin/busybox",
      image,
      "httpd",
      "-f",
      "-p",
      "8080",
      "-h",
      "/www",
    ]);
    return new WebhookReceiver(dir, name);
  }

  /** Every notification received so far, oldest first. */
  notifications(): Notification[] {
    const folder = path.join(this.dir, "received");
    const now = Date.now();
    const found: Notification[] = [];
    for (const file of fs.readdirSync(folder).sort()) {
      const text = fs.readFileSync(path.join(folder, file), "utf8");
      if (text === "") continue;
      let payload: Notification["payload"];
      try {
        payload = JSON.parse(text) as Notification["payload"];
      } catch {
        continue; // still being written
      }
      if (!this.seen.has(file)) this.seen.set(file, now);
      found.push({ seenAt: this.seen.get(file) ?? now, payload });
    }
    return found.sort((a, b) => a.seenAt - b.seenAt);
  }

  /** Watches the folder until `match` finds a notification or `timeoutMs` passes. */
  async waitFor(
    match: (notification: Notification) => boolean,
    timeoutMs: number,
    pollMs = 500,
  ): Promise<Notification | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.notifications().find(match);
      if (hit !== undefined || Date.now() > deadline) return hit;
      await sleep(pollMs);
    }
  }

  /** Removes the container and the folder. */
  stop(): void {
    docker(["rm", "--force", "--volumes", this.name]);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `check` until it returns without throwing or `timeoutMs` passes;
 * then rethrows its last error. Bounded in time and in tries.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs: number, pollMs = 1_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() + pollMs > deadline) throw error;
      await sleep(pollMs);
    }
  }
}
