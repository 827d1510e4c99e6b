import * as pulumi from "@pulumi/pulumi";
import type { Workload } from "../model/workload";
import { deployWorkload, type WorkloadComponentArgs } from "./workloadArgs";

/** Arguments of the Exporters component. */
export interface ExportersArgs extends WorkloadComponentArgs {
  /** The exporter workloads from the stack plan. */
  readonly workloads: readonly Workload[];
}

/** node-exporter, cAdvisor, kube-state-metrics, blackbox and database exporters, as the target allows. */
export class Exporters extends pulumi.ComponentResource {
  /** Roles of the exporters this stack runs. */
  public readonly roles: pulumi.Output<string[]>;

  constructor(name: string, args: ExportersArgs, opts?: pulumi.ComponentResourceOptions) {
    super("observability:index:Exporters", name, {}, opts);
    const workloads = args.workloads;
    // Named by role so that enabling another exporter never renames these.
    for (const workload of workloads) deployWorkload(this, `${name}-${workload.role}`, workload, args);
    this.roles = pulumi.output(workloads.map((workload) => workload.role));
    this.registerOutputs({ roles: this.roles });
  }
}
