import * as pulumi from "@pulumi/pulumi";
import { stackAddresses } from "../model/urls";
import { deployWorkload, type SingleWorkloadArgs } from "./workloadArgs";

/** Prometheus: scrape config, rule files and storage from the stack settings. */
export class Prometheus extends pulumi.ComponentResource {
  /** URL of the Prometheus UI for a person (127.0.0.1 on Docker, Ingress host on Kubernetes). */
  public readonly url: pulumi.Output<string>;
  /** `scheme://host:port` (https when TLS is on) other workloads use to query Prometheus. */
  public readonly address: pulumi.Output<string>;

  constructor(name: string, args: SingleWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    super("observability:index:Prometheus", name, {}, opts);
    const deployed = deployWorkload(this, name, args.workload, args);
    this.url = deployed.uiUrl ?? pulumi.output("");
    this.address = pulumi.output(stackAddresses(args.settings).prometheusAddress);
    this.registerOutputs({ url: this.url, address: this.address });
  }
}
