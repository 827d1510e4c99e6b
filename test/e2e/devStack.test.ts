import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { durationSeconds } from "../../settings/durations";
import { defaultImages } from "../../settings/versions";
import {
  e2eService,
  liveAlerting,
  DevStack,
  docker,
  dockerOk,
  eventually,
  liveDockerEngine,
  sleep,
  WebhookReceiver,
  type DevVariant,
} from "../helpers/dockerStack";
import { coverageFigure, panelCoverage } from "../helpers/liveDashboards";
import type { DashboardJson } from "../helpers/packContent";
import { stackSettings } from "../../scripts/underMocks/stacks";
import { removeTempDir } from "../helpers/tempFiles";
import { expectTracesFound, sendTraces } from "./traces";

// The dev stack deployed for real on the local Docker engine by the Pulumi
// CLI and the Node.js language host, twice at once: as the stack file ships
// it, and with TLS from the stack's self-signed CA and basic auth. Grafana is
// a stand-in (it cannot be built here): its files, user, environment and
// port are checked, and every query its dashboards send is sent to the live
// Prometheus instead.
const engine = liveDockerEngine();
const minutes = 60_000;

const variants: readonly DevVariant[] = [
  { title: "dev as shipped", prefix: "obs-e2e", portBase: 23000, secure: false },
  { title: "dev with TLS and basic auth", prefix: "obs-e2e-tls", portBase: 23100, secure: true },
];

/** A figure this file measured, printed at the end and written for the benchmark report. */
const figures: Record<string, unknown> = {};
const resultsFile = path.resolve(__dirname, "..", "..", "test-results", "live-dev.json");

/** Runs `check` on every deployed variant at once; a failure names the variant. */
async function onEach(stacks: readonly DevStack[], check: (stack: DevStack) => Promise<void> | void): Promise<void> {
  const results = await Promise.allSettled(stacks.map((stack) => Promise.resolve().then(() => check(stack))));
  const failures = results.flatMap((result, index) =>
    result.status === "rejected" ? [`${stacks[index]?.variant.title}: ${String(result.reason)}`] : [],
  );
  if (failures.length > 0) throw new Error(failures.join("\n"));
}

/** The steps a preview plans, other than `same`, as `op type::name`. */
async function plannedChanges(stack: DevStack): Promise<string[]> {
  const steps: StepEventMetadata[] = [];
  const onEvent = (event: EngineEvent) => {
    if (event.resourcePreEvent) steps.push(event.resourcePreEvent.metadata);
  };
  await stack.stack.preview({ onEvent });
  return steps
    .filter((step) => step.op !== "same")
    .map((step) => {
      const parts = step.urn.split("::");
      return `${step.op} ${parts[2]?.split("$").pop() ?? "?"}::${parts[3] ?? "?"}`;
    })
    .sort();
}

/** A container's id and start time: the same value only while it keeps running, neither replaced nor restarted. */
function runningSince(container: string): string {
  return dockerOk(["inspect", "-f", "{{.Id}} {{.State.StartedAt}}", container]);
}

/** The preview steps (as `plannedChanges` lists them) of replacing one of the stack's containers. */
function replacementSteps(resource: string): string[] {
  return ["create-replacement", "delete-replaced", "replace"].map(
    (op) => `${op} docker:index/container:Container::observability-${resource}`,
  );
}

/** The dashboards Grafana would load, read from inside the (stand-in) Grafana container. */
function provisionedDashboards(stack: DevStack): DashboardJson[] {
  const grafana = stack.container("grafana");
  const files = dockerOk(["exec", grafana, "find", "/etc/grafana/dashboards", "-name", "*.json"])
    .split("\n")
    .filter((file) => file !== "");
  return files.map((file) => JSON.parse(dockerOk(["exec", grafana, "cat", file])) as DashboardJson);
}

/**
 * Panels whose queries legitimately return nothing on a fresh dev stack that
 * monitors no application, with the reason, by `<dashboard uid>/<panel title>`
 * (`<dashboard uid>/*` for a whole dashboard). Any other empty panel fails.
 */
const legitimatelyEmpty: Readonly<Record<string, string>> = {
  "service-red/*": "reads an application's http_requests_total; a fresh dev stack monitors no service",
  "stack-overview/Alerts firing by severity": "counts firing alerts; empty while none fires",
  "stack-overview/Cluster members":
    "Alertmanager runs as one unclustered replica on Docker and then exports no alertmanager_cluster_* series",
};

describe.runIf(engine !== undefined)("the dev stack on a real Docker engine", () => {
  const stacks: DevStack[] = [];
  const receivers = new Map<DevStack, WebhookReceiver>();
  const log: string[] = [];

  beforeAll(async () => {
    if (engine === undefined) return;
    for (const variant of variants) stacks.push(await DevStack.prepare(engine, variant));
    const started = Date.now();
    const deployed = await Promise.allSettled(stacks.map((stack) => stack.up((line) => log.push(line))));
    figures["pulumi up (both variants at once), s"] = Math.round((Date.now() - started) / 1000);
    const failed = deployed.flatMap((result) => (result.status === "rejected" ? [String(result.reason)] : []));
    if (failed.length > 0) throw new Error(`pulumi up failed:\n${failed.join("\n")}\n${log.slice(-80).join("\n")}`);
    // Any of the stack's BusyBox-based images serves the receiver; Alertmanager's, as the stack pins it.
    const busybox = stackSettings("dev").versions.alertmanager ?? defaultImages.alertmanager;
    for (const stack of stacks) receivers.set(stack, WebhookReceiver.start(stack, busybox));
  }, 20 * minutes);

  afterAll(async () => {
    for (const receiver of receivers.values()) receiver.stop();
    // Whatever a failed test left running goes too: destroy is bounded and idempotent.
    for (const stack of stacks) {
      await stack.stack.destroy().catch(() => undefined);
      removeTempDir(stack.project.root);
    }
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(resultsFile, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`live dev stack figures: ${JSON.stringify(figures, null, 2)}`);
  }, 10 * minutes);

  it(
    "runs every container, healthy where it has a health check",
    async () => {
      await onEach(stacks, async (stack) => {
        await eventually(
          () => {
            const containers = stack.containers();
            expect(containers.map((container) => container.name).sort()).toEqual(
              ["alertmanager", "blackbox-exporter", "cadvisor", "grafana", "jaeger", "node-exporter", "prometheus"]
                .map((role) => stack.container(role))
                .sort(),
            );
            for (const container of containers) {
              expect(container.state, container.name).toBe("running");
              if (container.health !== undefined) expect(container.health, container.name).toBe("healthy");
            }
          },
          3 * minutes,
          2_000,
        );
      });
    },
    4 * minutes,
  );

  it("answers on every output URL, on 127.0.0.1 only", async () => {
    await onEach(stacks, async (stack) => {
      const scheme = stack.variant.secure ? "https" : "http";
      for (const name of ["prometheusUrl", "alertmanagerUrl", "grafanaUrl", "jaegerUrl"] as const) {
        expect(stack.url(name)).toMatch(new RegExp(`^${scheme}://127\\.0\\.0\\.1:\\d+/$`));
      }
      expect((await stack.request("prometheusUrl", "-/healthy")).status).toBe(200);
      // The UI a person opens: the image embeds Prometheus's web assets.
      const ui = await stack.request("prometheusUrl", "query");
      expect(ui.status).toBe(200);
      expect(ui.body).toMatch(/<html/i);
      expect((await stack.request("alertmanagerUrl", "-/healthy")).status).toBe(200);
      const grafana = await stack.request("grafanaUrl", "api/health");
      expect(grafana.status).toBe(200);
      expect(grafana.headers["x-grafana-stand-in"], "Grafana is a stand-in here").toBe("true");
      expect((await stack.request("jaegerUrl", "api/services")).status).toBe(200);
      // Published on loopback only.
      const bindings = dockerOk(["ps", "--filter", `name=^${stack.variant.prefix}-`, "--format", "{{.Ports}}"]);
      for (const binding of bindings.split(/[\n,]/).filter((entry) => entry.includes("->"))) {
        expect(binding.trim()).toMatch(/^127\.0\.0\.1:\d+->/);
      }
    });
  });

  it("refuses requests without credentials on the TLS variant", async () => {
    const secure = stacks.filter((stack) => stack.variant.secure);
    expect(secure.length).toBeGreaterThan(0);
    await onEach(secure, async (stack) => {
      const ca = String(stack.output("caCertificate"));
      for (const base of ["prometheusUrl", "alertmanagerUrl"] as const) {
        const anonymous = await stack.request(base, "api/v1/status/buildinfo", { ca, basicAuth: undefined });
        expect(anonymous.status, base).toBe(401);
        const wrong = await stack.request(base, "-/healthy", {
          ca,
          basicAuth: { username: "admin", password: "wrong" },
        });
        expect(wrong.status, base).toBe(401);
      }
      // Plain HTTP to a TLS port gets no answer it could use.
      const plain = stack.url("prometheusUrl").replace("https://", "http://");
      const response = await fetch(`${plain}-/healthy`).then(
        (r) => r.status,
        () => 0,
      );
      expect(response).not.toBe(200);
    });
  });

  it(
    "scrapes every target, all up",
    async () => {
      await onEach(stacks, async (stack) => {
        const targets = await eventually(
          async () => {
            const data = await stack.api<{
              activeTargets: { labels: Record<string, string>; health: string; lastError: string; scrapeUrl: string }[];
            }>("prometheusUrl", "api/v1/targets?state=active");
            // The Grafana stand-in serves metrics of its own on /metrics, so its target is up too.
            const down = data.activeTargets.filter((target) => target.health !== "up");
            expect(down.map((target) => `${target.scrapeUrl}: ${target.health} ${target.lastError}`).join("\n")).toBe(
              "",
            );
            return data.activeTargets;
          },
          3 * minutes,
          3_000,
        );
        const jobs = [...new Set(targets.map((target) => target.labels["job"]))].sort();
        const components = [
          "alertmanager",
          "blackbox-exporter",
          "cadvisor",
          "grafana",
          "jaeger",
          "node-exporter",
          "prometheus",
        ];
        // Probes through the blackbox exporter: a service's health URL, or the stack's own TLS endpoints.
        const probes = stack.variant.secure ? ["blackbox-tls"] : ["blackbox", e2eService.name];
        expect(jobs).toEqual([...components, ...probes].sort());
        const up = targets.filter((target) => target.health === "up");
        figures[`${stack.variant.title}: targets up`] = `${up.length} of ${targets.length} (${jobs.join(", ")})`;
      });
    },
    4 * minutes,
  );

  it(
    "evaluates every rule group without an error",
    async () => {
      await onEach(stacks, async (stack) => {
        const groups = await eventually(
          async () => {
            const data = await stack.api<{
              groups: {
                name: string;
                lastEvaluation: string;
                rules: { name: string; health: string; lastError?: string }[];
              }[];
            }>("prometheusUrl", "api/v1/rules");
            const unevaluated = data.groups.filter((group) => group.lastEvaluation.startsWith("0001-"));
            expect(unevaluated.map((group) => group.name).join(", ")).toBe("");
            const unhealthy = data.groups.flatMap((group) =>
              group.rules
                .filter((rule) => rule.health !== "ok" || (rule.lastError ?? "") !== "")
                .map((rule) => `${group.name}/${rule.name}: ${rule.health} ${rule.lastError ?? ""}`),
            );
            expect(unhealthy.join("\n")).toBe("");
            return data.groups;
          },
          2 * minutes,
          3_000,
        );
        const rules = groups.reduce((sum, group) => sum + group.rules.length, 0);
        expect(groups.length).toBeGreaterThan(5);
        figures[`${stack.variant.title}: rule groups healthy`] = `${groups.length} groups, ${rules} rules`;
      });
    },
    3 * minutes,
  );

  it(
    "stores traces sent over OTLP gRPC and HTTP and finds them through Jaeger's query API",
    async () => {
      await onEach(stacks, async (stack) => {
        const started = Date.now();
        const sent = await sendTraces(stack.otlpTarget());
        await expectTracesFound(sent, (relative) => stack.api("jaegerUrl", relative));
        figures[`${stack.variant.title}: traces found`] =
          `${sent.map((trace) => trace.protocol).join(" and ")} in ${Math.round((Date.now() - started) / 100) / 10} s`;
      });
    },
    3 * minutes,
  );

  it(
    "gets data from the live Prometheus for every query of every built-in dashboard panel",
    async () => {
      // The span panels have data once the traces above are scraped twice (a rate needs two samples).
      await onEach(stacks, (stack) => eventually(() => checkDashboards(stack), 2 * minutes, 10_000));
    },
    4 * minutes,
  );

  /** Sends every query of every provisioned dashboard panel to the live Prometheus. */
  async function checkDashboards(stack: DevStack): Promise<void> {
    const dashboards = provisionedDashboards(stack);
    expect(dashboards.length).toBeGreaterThan(0);
    const coverage = await panelCoverage(
      dashboards,
      {
        query: (expr) => stack.query(expr),
        labelValues: (label, match) =>
          stack.api<string[]>(
            "prometheusUrl",
            `api/v1/label/${label}/values?${new URLSearchParams(match !== undefined ? { "match[]": match } : {}).toString()}`,
          ),
      },
      legitimatelyEmpty,
    );
    expect(coverage.empty.join("\n"), "panels without data").toBe("");
    figures[`${stack.variant.title}: dashboard panels with data`] = coverageFigure(coverage);
  }

  it("provisions the datasources that dashboards, exemplars and trace links name, at addresses of the stack", async () => {
    await onEach(stacks, (stack) => {
      const file = dockerOk([
        "exec",
        stack.container("grafana"),
        "cat",
        "/etc/grafana/provisioning/datasources/observability-stack.yaml",
      ]);
      const provisioned = parseYaml(file) as {
        datasources: { uid: string; type: string; url: string; jsonData?: Record<string, unknown> }[];
      };
      const byUid = new Map(provisioned.datasources.map((source) => [source.uid, source]));
      expect([...byUid.keys()].sort()).toEqual(["alertmanager", "jaeger", "prometheus"]);
      const scheme = stack.variant.secure ? "https" : "http";
      for (const [uid, port] of [
        ["prometheus", 9090],
        ["alertmanager", 9093],
        ["jaeger", 16686],
      ] as const) {
        expect(byUid.get(uid)?.url.replace(/\/$/, "")).toBe(`${scheme}://${uid}:${port}`);
      }
      // Exemplars link to traces in the jaeger datasource.
      const exemplarLinks = (byUid.get("prometheus")?.jsonData?.["exemplarTraceIdDestinations"] ?? []) as {
        datasourceUid?: string;
      }[];
      expect(exemplarLinks.length).toBeGreaterThan(0);
      for (const link of exemplarLinks) expect(byUid.has(link.datasourceUid ?? "")).toBe(true);
      // Every panel's and query's datasource is provisioned (or a dashboard variable).
      for (const dashboard of provisionedDashboards(stack)) {
        const all = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
        for (const panel of all) {
          for (const ref of [panel.datasource, ...(panel.targets ?? []).map((target) => target.datasource)]) {
            const uid = ref?.uid;
            if (uid === undefined || uid.startsWith("$")) continue;
            expect(byUid.has(uid), `${dashboard.uid} / ${panel.title}: datasource ${uid}`).toBe(true);
          }
        }
      }
    });
  });

  it("gives the Grafana stand-in its files, user, environment and port, as Grafana would read them", async () => {
    await onEach(stacks, async (stack) => {
      const grafana = stack.container("grafana");
      expect(stack.grafanaIsStandIn()).toBe(true);
      // Its target is up on metrics of its own, which say what it is; none of Grafana's.
      const standInInfo = await stack.query('grafana_stand_in_info{job="grafana"}');
      expect(standInInfo.map((series) => series.value[1])).toEqual(["1"]);
      expect(await stack.query('{job="grafana", __name__=~"grafana_http_.*"}')).toEqual([]);
      expect(dockerOk(["inspect", "-f", "{{.Config.User}}", grafana])).toMatch(/^472:/);
      const env = dockerOk(["inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}", grafana]).split("\n");
      expect(env).toContain("GF_PATHS_PROVISIONING=/etc/grafana/provisioning");
      expect(env).toContain("GF_AUTH_ANONYMOUS_ENABLED=false");
      expect(env.some((entry) => entry.startsWith("GF_SECURITY_ADMIN_PASSWORD="))).toBe(false);
      // Secrets arrive as files the Grafana user can read; the admin password is the generated one.
      const password = dockerOk(["exec", grafana, "cat", "/etc/grafana/secrets/admin-password"]);
      expect(password).toBe(String(stack.output("grafanaAdminPassword")));
      expect(
        dockerOk(["exec", grafana, "cat", "/etc/grafana/provisioning/dashboards/observability-stack.yaml"]),
      ).toContain("/etc/grafana/dashboards");
    });
  });

  it(
    "delivers the alert of a stopped exporter to the webhook, with its labels, summary and runbook, and its resolution",
    async () => {
      const settings = stackSettings("dev");
      // What can delay a notification, at worst: a scrape must fail (one
      // scrape interval), an evaluation must see it (one evaluation
      // interval: the alert is pending), the rule's `for` must pass (read
      // from the deployed rule), the first evaluation after it fires the
      // alert (one more evaluation interval), and Alertmanager waits group_wait.
      await onEach(stacks, async (stack) => {
        const receiver = receivers.get(stack);
        if (receiver === undefined) throw new Error("no webhook receiver");
        const rules = await stack.api<{ groups: { rules: { name: string; duration?: number }[] }[] }>(
          "prometheusUrl",
          "api/v1/rules?type=alert",
        );
        const rule = rules.groups.flatMap((group) => group.rules).find((candidate) => candidate.name === "TargetDown");
        const forSeconds = rule?.duration ?? 0;
        expect(forSeconds).toBeGreaterThan(0);
        const bound =
          durationSeconds(settings.prometheus.scrapeInterval) +
          2 * durationSeconds(settings.prometheus.evaluationInterval) +
          forSeconds +
          durationSeconds(liveAlerting.groupWait);
        const isTargetDown =
          (status: "firing" | "resolved") =>
          (notification: { payload: { alerts: { status: string; labels: Record<string, string> }[] } }) =>
            notification.payload.alerts.some(
              (alert) =>
                alert.status === status &&
                alert.labels["alertname"] === "TargetDown" &&
                alert.labels["job"] === "node-exporter",
            );
        const stoppedAt = Date.now();
        dockerOk(["stop", stack.container("node-exporter")]);
        const firing = await receiver.waitFor(isTargetDown("firing"), (bound + 120) * 1000);
        expect(firing, `no TargetDown notification within ${bound + 120} s`).toBeDefined();
        const alert = firing!.payload.alerts.find((candidate) => candidate.labels["alertname"] === "TargetDown")!;
        expect(alert.labels).toMatchObject({ severity: "warning", pack: "stack", job: "node-exporter" });
        expect(alert.annotations["summary"]).toContain("node-exporter");
        expect(alert.annotations["runbook_url"]).toMatch(/docs\/runbooks\/stack\/TargetDown\.md$/);
        const latency = (firing!.seenAt - stoppedAt) / 1000;
        figures[`${stack.variant.title}: alert latency, s`] =
          `${latency.toFixed(1)} (bound ${bound}: scrape + evaluation + for + evaluation + group_wait)`;

        const startedAt = Date.now();
        dockerOk(["start", stack.container("node-exporter")]);
        const resolveBound =
          durationSeconds(settings.prometheus.scrapeInterval) +
          durationSeconds(settings.prometheus.evaluationInterval) +
          durationSeconds(liveAlerting.groupInterval);
        const resolved = await receiver.waitFor(isTargetDown("resolved"), (resolveBound + 120) * 1000);
        expect(resolved, "no resolved notification").toBeDefined();
        figures[`${stack.variant.title}: resolution latency, s`] =
          `${((resolved!.seenAt - startedAt) / 1000).toFixed(1)} (bound ${resolveBound}: scrape + evaluation + group_interval)`;
      });
    },
    15 * minutes,
  );

  it(
    "restarts a killed container, whose targets come back up",
    async () => {
      await onEach(stacks, async (stack) => {
        const name = stack.container("blackbox-exporter");
        const before = Number(dockerOk(["inspect", "-f", "{{.RestartCount}}", name]));
        const pid = dockerOk(["inspect", "-f", "{{.State.Pid}}", name]);
        process.kill(Number(pid), "SIGKILL");
        await eventually(
          () => {
            expect(Number(dockerOk(["inspect", "-f", "{{.RestartCount}}", name]))).toBeGreaterThan(before);
            expect(dockerOk(["inspect", "-f", "{{.State.Status}}", name])).toBe("running");
          },
          60_000,
          1_000,
        );
        await eventually(
          async () => {
            const up = await stack.query('up{job=~"blackbox.*"}');
            expect(up.length).toBeGreaterThan(0);
            for (const sample of up) expect(sample.value[1], JSON.stringify(sample.metric)).toBe("1");
          },
          2 * minutes,
          3_000,
        );
      });
    },
    5 * minutes,
  );

  it(
    "keeps Alertmanager's silences across its restart",
    async () => {
      await onEach(stacks, async (stack) => {
        const silence = {
          matchers: [{ name: "alertname", value: "E2eSilenceProbe", isRegex: false, isEqual: true }],
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
          createdBy: "e2e",
          comment: "survives a restart",
        };
        const created = await stack.request("alertmanagerUrl", "api/v2/silences", {
          method: "POST",
          body: JSON.stringify(silence),
          headers: { "Content-Type": "application/json" },
        });
        expect(created.status, created.body).toBe(200);
        const { silenceID } = JSON.parse(created.body) as { silenceID: string };
        dockerOk(["restart", stack.container("alertmanager")], 120_000);
        await eventually(
          async () => {
            const response = await stack.request("alertmanagerUrl", `api/v2/silence/${silenceID}`);
            expect(response.status).toBe(200);
            expect((JSON.parse(response.body) as { comment: string }).comment).toBe("survives a restart");
          },
          90_000,
          2_000,
        );
      });
    },
    4 * minutes,
  );

  it(
    "reads back no drift and previews no change on a second run",
    async () => {
      await onEach(stacks, async (stack) => {
        // What the engine reads back matches what was asked (no drift), and nothing is planned.
        const refreshed = await stack.stack.refresh();
        expect(Object.keys(refreshed.summary.resourceChanges ?? {})).toEqual(["same"]);
        expect(await plannedChanges(stack)).toEqual([]);
      });
    },
    5 * minutes,
  );

  it(
    "reloads a rule threshold change without restarting Prometheus, and replaces it for a retention change, keeping its samples",
    async () => {
      const stack = stacks.find((candidate) => !candidate.variant.secure);
      if (stack === undefined) throw new Error("no plain variant");
      const before = Math.floor(Date.now() / 1000) - 30;
      const samplesBefore = await stack.query("up", before);
      expect(samplesBefore.length).toBeGreaterThan(0);
      const prometheus = stack.container("prometheus");
      const started = runningSince(prometheus);
      const targetDownFor = async () => {
        const data = await stack.api<{ groups: { rules: { name: string; duration?: number }[] }[] }>(
          "prometheusUrl",
          "api/v1/rules?type=alert",
        );
        return data.groups.flatMap((group) => group.rules).find((rule) => rule.name === "TargetDown")?.duration;
      };

      // A threshold in a reviewed rule file, as a person edits it: only the
      // one-shot writer of Prometheus's files is replaced.
      stack.project.setStackRuleFor("4m");
      expect(await plannedChanges(stack)).toEqual(replacementSteps("prometheus-files-loader"));
      const upStarted = Date.now();
      const reload = await stack.stack.up();
      expect(reload.summary.resourceChanges).toMatchObject({ replace: 1 });
      figures["rule change: pulumi up, s"] = Math.round((Date.now() - upStarted) / 100) / 10;
      // Prometheus notices the new files by itself (auto-reload-config checks every 30 s).
      const upEnded = Date.now();
      await eventually(async () => expect(await targetDownFor()).toBe(240), 2 * minutes, 1_000);
      figures["rule change: served by the running Prometheus after the up, s"] = Math.round(
        (Date.now() - upEnded) / 1000,
      );
      expect(runningSince(prometheus)).toBe(started);
      expect(await plannedChanges(stack)).toEqual([]);

      // A flag is no file: Prometheus itself is replaced, its samples stay on the data volume.
      stack.project.setInStackFile("dev", "prometheus", { retention: { time: "10d" } });
      expect(await plannedChanges(stack)).toEqual(replacementSteps("prometheus-container"));
      const restart = await stack.stack.up();
      expect(restart.summary.resourceChanges).toMatchObject({ replace: 1 });
      expect(runningSince(prometheus)).not.toBe(started);
      const args = dockerOk(["inspect", "-f", "{{json .Args}}", prometheus]);
      expect(args).toContain("--storage.tsdb.retention.time=10d");
      await eventually(
        async () => {
          const after = await stack.query("up", before);
          expect(after.length).toBe(samplesBefore.length);
          expect(await targetDownFor()).toBe(240);
        },
        2 * minutes,
        2_000,
      );
    },
    10 * minutes,
  );

  it(
    "writes a changed dashboard into the running Grafana container's files, replacing only their one-shot writer",
    async () => {
      const stack = stacks.find((candidate) => !candidate.variant.secure);
      if (stack === undefined) throw new Error("no plain variant");
      const grafana = stack.container("grafana");
      const sloDashboard = () => provisionedDashboards(stack).find((dashboard) => dashboard.uid === "slo-example-api");
      const service = (objective: number) => [
        {
          name: "example-api",
          targets: ["host.docker.internal:8080"],
          healthUrl: "http://host.docker.internal:8080/health",
          labels: { team: "platform" },
          slos: [{ type: "availability", objective }],
        },
      ];

      // A first SLO adds a dashboard folder, which Grafana's provisioning
      // file names: that is read at start, so Grafana is replaced.
      stack.project.setInStackFile("dev", "services", service(99.5));
      await stack.stack.up();
      expect(JSON.stringify(sloDashboard())).toContain("99.5");
      const started = runningSince(grafana);

      // A changed objective changes the rules and the SLO dashboard: only the
      // one-shot writers of Prometheus's files and Grafana's dashboards go.
      stack.project.setInStackFile("dev", "services", service(99.9));
      expect(await plannedChanges(stack)).toEqual(
        [...replacementSteps("grafana-files-loader"), ...replacementSteps("prometheus-files-loader")].sort(),
      );
      const result = await stack.stack.up();
      expect(result.summary.resourceChanges).toMatchObject({ replace: 2 });
      expect(runningSince(grafana)).toBe(started);
      const changed = JSON.stringify(sloDashboard());
      expect(changed).toContain("99.9");
      expect(changed).not.toContain("99.5");
      expect(await plannedChanges(stack)).toEqual([]);
    },
    10 * minutes,
  );

  it(
    "destroys every container, the network and the data volumes",
    async () => {
      await onEach(stacks, async (stack) => {
        receivers.get(stack)?.stop();
        receivers.delete(stack);
        const result = await stack.stack.destroy();
        expect(result.summary.result).toBe("succeeded");
        // Exactly this variant's names: another variant's prefix may extend this one.
        const ours = (name: string) =>
          name.startsWith(`${stack.variant.prefix}-`) &&
          !variants.some(
            (other) => other.prefix.length > stack.variant.prefix.length && name.startsWith(`${other.prefix}-`),
          );
        const left = (kind: "ps" | "network" | "volume") =>
          dockerOk(kind === "ps" ? ["ps", "-a", "--format", "{{.Names}}"] : [kind, "ls", "--format", "{{.Name}}"])
            .split("\n")
            .filter(ours);
        expect(left("ps")).toEqual([]);
        expect(left("network")).toEqual([]);
        // Documented in the README: `pulumi destroy` deletes the stack's named volumes with it.
        expect(left("volume")).toEqual([]);
        // The images stay: they are the developer's cache, not the stack's.
        expect(docker(["image", "inspect", defaultImages.prometheus]).status).toBe(0);
      });
      await sleep(0);
    },
    10 * minutes,
  );
});
