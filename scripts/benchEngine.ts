/**
 * The real engine's cost, for `npm run bench -- engine` (scripts/bench-engine
 * starts what it needs and calls this once per stack):
 *
 *   tsx scripts/benchEngine.ts <dev|prod> [<services> <slos>]
 *
 * Copies the project (scripts/engineProject.ts), gives the stack a service
 * file of `scaleServices(stack, services, slos)` when a scale is named, and times
 * with the real Pulumi CLI, language host and providers: `pulumi preview`
 * of the new stack, `pulumi up`, `pulumi preview` with nothing changed (the
 * median of three while the stack runs), `pulumi up` of a rule threshold
 * change (what it changed, and whether any Prometheus instance restarted:
 * it should reload instead), `pulumi preview` with nothing changed again
 * with the stack's scrapers stopped (median of three), and `pulumi destroy`.
 * dev goes to the Docker engine of DOCKER_HOST, prod to the cluster of
 * OBSERVABILITY_KUBELET_CLUSTER_KUBECONFIG.
 * Prints one JSON line of figures. Figures, never assertions.
 *
 * Why twice: here the stack shares the bench's 2 cores, and at scale its two
 * Prometheus replicas, the blackbox exporter and the cluster's DNS spend
 * most of them failing to reach 2,000 synthetic targets. A team's
 * workstation or CI runner does not run the stack it previews, so the second
 * figure (Prometheus and the blackbox exporter stopped) is the engine's own.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import type { Stack } from "@pulumi/pulumi/automation";
import { EngineProject } from "./engineProject";
import { publishIngressAddresses } from "./ingressAddresses";
import { kubeApi } from "./kubeApi";
import { median, waitFor } from "./measure";
import { scaleServices } from "./underMocks/scaleStack";
import { stackNames, stackSettings, type StackName } from "./underMocks/stacks";
import { containerName } from "../platform/docker/names";

/** What one stack's row of the engine bench holds. */
export interface EngineFigures {
  readonly stack: StackName;
  readonly services: number | "shipped";
  readonly slos: number | "shipped";
  readonly resources: number;
  readonly previewSeconds: number;
  readonly upSeconds: number;
  /** Median of three no-change previews while the stack runs beside the engine. */
  readonly noChangePreviewSeconds: number;
  /** Median of three no-change previews with the stack's scrapers stopped (see above). */
  readonly quietNoChangePreviewSeconds: number;
  /** Steps the no-change previews planned other than `same`, summed (0 when the stack is stable). */
  readonly noChangeSteps: number;
  /** `pulumi up` of a rule threshold change. */
  readonly ruleChangeUpSeconds: number;
  /** What that up did, other than `same` (e.g. `{ replace: 1 }`: Docker's files loader). */
  readonly ruleChangeSteps: Readonly<Record<string, number>>;
  /** Whether any Prometheus instance started again after the rule change (it should reload instead). */
  readonly ruleChangeRestartedPrometheus: boolean;
  readonly destroySeconds: number;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - started) / 1e9];
}

/** The median of `runs` no-change previews and the steps they planned other than `same`. */
async function noChangePreviews(deployed: Stack, runs: number): Promise<[number, number]> {
  const seconds: number[] = [];
  let steps = 0;
  for (let run = 0; run < runs; run++) {
    const [again, took] = await timed(() => deployed.preview());
    seconds.push(took);
    steps += Object.entries(again.changeSummary)
      .filter(([kind]) => kind !== "same")
      .reduce((sum, [, count]) => sum + count, 0);
  }
  return [median(seconds), steps];
}

/**
 * Each running Prometheus instance and when it started, as one string to
 * compare: the container's ID and start time on Docker, each pod's UID and
 * its container's restart count on Kubernetes.
 */
async function prometheusInstances(stack: StackName, kubeconfig: string | undefined): Promise<string> {
  if (stack === "dev") {
    const name = containerName(stackSettings(stack), "prometheus");
    return execFileSync("docker", ["inspect", "-f", "{{.Id}} {{.State.StartedAt}}", name], { encoding: "utf8" }).trim();
  }
  const { request } = kubeApi(kubeconfig ?? "");
  const pods = (await request("GET", `/api/v1/namespaces/observability-${stack}/pods`)).body["items"] as {
    metadata: { name: string; uid: string };
    status: { containerStatuses?: { name: string; restartCount: number }[] };
  }[];
  return pods
    .filter((pod) => pod.metadata.name.startsWith("prometheus-"))
    .map((pod) => {
      const restarts = (pod.status.containerStatuses ?? []).map((status) => `${status.name}=${status.restartCount}`);
      return `${pod.metadata.name} ${pod.metadata.uid} ${restarts.sort().join(",")}`;
    })
    .sort()
    .join("\n");
}

/** The roles that scrape or probe every service, which a stopped stack no longer runs. */
const scraperRoles = ["prometheus", "blackbox-exporter"] as const;

/**
 * Stops the stack's scrapers behind the engine's back (a preview compares
 * with the engine's state, not the live objects): `docker stop` on Docker,
 * zero replicas on Kubernetes, waiting up to 2 minutes for their pods to go.
 */
async function stopScrapers(stack: StackName, kubeconfig: string | undefined): Promise<void> {
  if (stack === "dev") {
    const settings = stackSettings(stack);
    execFileSync("docker", ["stop", ...scraperRoles.map((role) => containerName(settings, role))], { stdio: "ignore" });
    return;
  }
  const { request } = kubeApi(kubeconfig ?? "");
  const namespace = `/namespaces/observability-${stack}`;
  for (const [kind, role] of [
    ["statefulsets", "prometheus"],
    ["deployments", "blackbox-exporter"],
  ] as const) {
    const path = `/apis/apps/v1${namespace}/${kind}/${role}/scale`;
    const answer = await request("PATCH", path, { spec: { replicas: 0 } }, "application/merge-patch+json");
    if (answer.status !== 200) throw new Error(`PATCH ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  await waitFor("the scrapers' pods to go", 120_000, async () => {
    const pods = (await request("GET", `/api/v1${namespace}/pods`)).body["items"] as { metadata: { name: string } }[];
    return pods.some((pod) => scraperRoles.some((role) => pod.metadata.name.startsWith(`${role}-`))) ? undefined : true;
  });
}

/** Deploys one stack with the real engine and times each step; destroys it whatever happens. */
export async function engineFigures(stack: StackName, scale?: readonly [number, number]): Promise<EngineFigures> {
  const bin = process.env["PULUMI_ENGINE_BIN"];
  if (bin === undefined || bin === "") throw new Error("PULUMI_ENGINE_BIN is not set: run bash scripts/bench-engine");
  const kubeconfig = process.env["OBSERVABILITY_KUBELET_CLUSTER_KUBECONFIG"];
  if (stack !== "dev" && (kubeconfig === undefined || kubeconfig === "")) {
    throw new Error("OBSERVABILITY_KUBELET_CLUSTER_KUBECONFIG is not set: run bash scripts/bench-engine");
  }
  const project = new EngineProject({ bin, program: "project" });
  try {
    // A service file, as a platform team lists many services (settings/serviceFiles.ts).
    if (scale !== undefined) project.addServiceFile(stack, "scale", scaleServices(stack, ...scale));
    project.commit(`engine bench: ${stack}${scale === undefined ? "" : ` at ${scale[0]} services, ${scale[1]} SLOs`}`);
    const { stack: deployed } = await project.initStack(stack, stack === "dev" ? {} : { kubeconfig });
    const stopPublishing =
      stack === "dev" ? () => Promise.resolve() : publishIngressAddresses(kubeconfig ?? "", `observability-${stack}`);
    try {
      const [, previewSeconds] = await timed(() => deployed.preview());
      const [up, upSeconds] = await timed(() => deployed.up());
      const [noChangePreviewSeconds, busySteps] = await noChangePreviews(deployed, 3);
      const instances = await prometheusInstances(stack, kubeconfig);
      project.setStackRuleFor("4m");
      const [ruleUp, ruleChangeUpSeconds] = await timed(() => deployed.up());
      const ruleChangeRestartedPrometheus = (await prometheusInstances(stack, kubeconfig)) !== instances;
      await stopScrapers(stack, kubeconfig);
      const [quietNoChangePreviewSeconds, quietSteps] = await noChangePreviews(deployed, 3);
      const [, destroySeconds] = await timed(() => deployed.destroy());
      return {
        stack,
        services: scale?.[0] ?? "shipped",
        slos: scale?.[1] ?? "shipped",
        resources: up.summary.resourceChanges?.["create"] ?? 0,
        previewSeconds,
        upSeconds,
        noChangePreviewSeconds,
        quietNoChangePreviewSeconds,
        noChangeSteps: busySteps + quietSteps,
        ruleChangeUpSeconds,
        ruleChangeSteps: Object.fromEntries(
          Object.entries(ruleUp.summary.resourceChanges ?? {}).filter(([kind]) => kind !== "same"),
        ),
        ruleChangeRestartedPrometheus,
        destroySeconds,
      };
    } catch (error) {
      await deployed.destroy().catch(() => undefined);
      throw error;
    } finally {
      await stopPublishing();
    }
  } finally {
    fs.rmSync(project.root, { recursive: true, force: true });
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const [stackArg, services, slos] = argv;
  const stack = stackArg as StackName;
  if (!stackNames.includes(stack) || stack === "staging") {
    throw new Error(`usage: benchEngine.ts <dev|prod> [<services> <slos>] (got ${argv.join(" ")})`);
  }
  const scale = services === undefined ? undefined : ([Number(services), Number(slos)] as const);
  console.log(JSON.stringify(await engineFigures(stack, scale)));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
