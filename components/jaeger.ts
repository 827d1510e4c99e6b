import * as pulumi from "@pulumi/pulumi";
import { ports, roles, serviceAddress } from "../model/addresses";
import { deployWorkload, type SingleWorkloadArgs } from "./workloadArgs";

/** Jaeger v2: OTLP receivers, query UI and trace storage by environment. */
export class Jaeger extends pulumi.ComponentResource {
  /** URL of the Jaeger UI for a person. */
  public readonly url: pulumi.Output<string>;
  /** OTLP gRPC endpoint (`host:4317`) applications send traces to. */
  public readonly otlpGrpcEndpoint: pulumi.Output<string>;
  /** OTLP HTTP endpoint (`http://host:4318`) applications send traces to. */
  public readonly otlpHttpEndpoint: pulumi.Output<string>;

  constructor(name: string, args: SingleWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    super("observability:index:Jaeger", name, {}, opts);
    const deployed = deployWorkload(this, name, args.workload, args);
    this.url = deployed.uiUrl ?? pulumi.output("");
    this.otlpGrpcEndpoint = pulumi.output(serviceAddress(args.settings, roles.jaeger, ports.otlpGrpc));
    this.otlpHttpEndpoint = pulumi.output(`http://${serviceAddress(args.settings, roles.jaeger, ports.otlpHttp)}`);
    this.registerOutputs({
      url: this.url,
      otlpGrpcEndpoint: this.otlpGrpcEndpoint,
      otlpHttpEndpoint: this.otlpHttpEndpoint,
    });
  }
}
