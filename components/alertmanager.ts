import * as pulumi from "@pulumi/pulumi";
import { stackAddresses } from "../model/urls";
import { deployWorkload, type SingleWorkloadArgs } from "./workloadArgs";

/** Alertmanager: routes and receivers from the stack settings, clustered when replicated. */
export class Alertmanager extends pulumi.ComponentResource {
  /** URL of the Alertmanager UI for a person. */
  public readonly url: pulumi.Output<string>;
  /** `scheme://host:port` (https when TLS is on) other workloads use to reach Alertmanager. */
  public readonly address: pulumi.Output<string>;

  constructor(name: string, args: SingleWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    super("observability:index:Alertmanager", name, {}, opts);
    const deployed = deployWorkload(this, name, args.workload, args);
    this.url = deployed.uiUrl ?? pulumi.output("");
    this.address = pulumi.output(stackAddresses(args.settings).alertmanagerAddress);
    this.registerOutputs({ url: this.url, address: this.address });
  }
}
