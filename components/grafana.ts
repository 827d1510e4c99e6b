import * as pulumi from "@pulumi/pulumi";
import { deployWorkload, type SingleWorkloadArgs } from "./workloadArgs";

/** Grafana run by the stack: datasources, dashboards and credentials provisioned from files. */
export class Grafana extends pulumi.ComponentResource {
  /** URL of Grafana for a person. */
  public readonly url: pulumi.Output<string>;
  /** Name of the admin user (the password is a secret stack output). */
  public readonly adminUser: pulumi.Output<string>;

  constructor(name: string, args: SingleWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    super("observability:index:Grafana", name, {}, opts);
    const deployed = deployWorkload(this, name, args.workload, args);
    this.url = deployed.uiUrl ?? pulumi.output("");
    this.adminUser = pulumi.output(args.settings.grafana.adminUser);
    this.registerOutputs({ url: this.url, adminUser: this.adminUser });
  }
}
