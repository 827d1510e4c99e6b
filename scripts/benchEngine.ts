/**
 * The real engine's cost, for `npm run bench -- engine` (scripts/bench-engine
 * starts what it needs and calls this once per stack):
 *
 *   tsx scripts/benchEngine.ts <dev|prod> [<services> <slos>]
 *
 * Copies the project (scripts/engineProject.ts), gives the stack a service
 * file of `scaleServices(stack, services, slos)` when a scale is named, and times
 * with the real Pulumi CLI, language host and providers: `pulumi preview`
 * of the new stack, `pulumi up`, a `pulumi preview` with nothing changed,
 * and `pulumi destroy`. dev goes to the Docker engine of DOCKER_HOST, prod to
 * the cluster of OBSERVABILITY_KUBELET_CLUSTER_KUBECONFIG. Prints one JSON
 * line of figures. Figures, never assertions.
 */
import * as fs from "node:fs";
import { EngineProject } from "./engineProject";
import { publishIngressAddresses } from "./ingressAddresses";
import { scaleServices } from "./underMocks/scaleStack";
import { stackNames, type StackName } from "./underMocks/stacks";

/** What one stack's row of the engine bench holds. */
export interface EngineFigures {
  readonly stack: StackName;
  readonly services: number | "shipped";
  readonly slos: number | "shipped";
  readonly resources: number;
  readonly previewSeconds: number;
  readonly upSeconds: number;
  readonly noChangePreviewSeconds: number;
  /** Steps the no-change preview planned other than `same` (0 when the stack is stable). */
  readonly noChangeSteps: number;
  readonly destroySeconds: number;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - started) / 1e9];
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
      const [again, noChangePreviewSeconds] = await timed(() => deployed.preview());
      const noChangeSteps = Object.entries(again.changeSummary)
        .filter(([kind]) => kind !== "same")
        .reduce((sum, [, count]) => sum + count, 0);
      const [, destroySeconds] = await timed(() => deployed.destroy());
      return {
        stack,
        services: scale?.[0] ?? "shipped",
        slos: scale?.[1] ?? "shipped",
        resources: up.summary.resourceChanges?.["create"] ?? 0,
        previewSeconds,
        upSeconds,
        noChangePreviewSeconds,
        noChangeSteps,
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
