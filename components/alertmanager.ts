import * as pulumi from "@pulumi/pulumi";
import { ports, roles, serviceAddress } from "../model/addresses";
import { deployWorkload, type SingleWorkloadArgs } from "./workloadArgs";

/** Alertmanager: routes and receivers from the stack settings, clustered when replicated. */
export class Alertmanager extends pulumi.ComponentResource {
  /** URL of the Alertmanager UI for a person. */
  public readonly url: pulumi.Output<string>;
  /** `http://host:port` other workloads use to reach Alertmanager. */
  public readonly address: pulumi.Output<string>;

  constructor(name: string, args: SingleWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    super("observability:index:Alertmanager", name, {}, opts);
    const deployed = deployWorkload(this, name, args.workload, args);
    this.url = deployed.uiUrl ?? pulumi.output("");
    this.address = pulumi.output(`http://${serviceAddress(args.settings, roles.alertmanager, ports.alertmanager)}`);
    this.registerOutputs({ url: this.url, address: this.address });
  }
}
