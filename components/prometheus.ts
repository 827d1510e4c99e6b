import * as pulumi from "@pulumi/pulumi";
import { ports, roles, serviceAddress } from "../model/addresses";
import { deployWorkload, type SingleWorkloadArgs } from "./workloadArgs";

/** Prometheus: scrape config, rule files and storage from the stack settings. */
export class Prometheus extends pulumi.ComponentResource {
  /** URL of the Prometheus UI for a person (127.0.0.1 on Docker, Ingress host on Kubernetes). */
  public readonly url: pulumi.Output<string>;
  /** `http://host:port` other workloads use to query Prometheus. */
  public readonly address: pulumi.Output<string>;

  constructor(name: string, args: SingleWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    super("observability:index:Prometheus", name, {}, opts);
    const deployed = deployWorkload(this, name, args.workload, args);
    this.url = deployed.uiUrl ?? pulumi.output("");
    this.address = pulumi.output(`http://${serviceAddress(args.settings, roles.prometheus, ports.prometheus)}`);
    this.registerOutputs({ url: this.url, address: this.address });
  }
}
