import * as pulumi from "@pulumi/pulumi";
import { stackAddresses } from "../model/urls";
import type { Workload } from "../model/workload";
import { deployWorkload, type SingleWorkloadArgs } from "./workloadArgs";

/** Arguments of the Jaeger component. */
export interface JaegerArgs extends SingleWorkloadArgs {
  /**
   * The authenticating proxy in front of the Jaeger UI (oauth2-proxy), from
   * the stack plan; absent on Docker and when `auth.jaegerProxy` is not set.
   */
  readonly proxy?: Workload;
}

/** Jaeger v2: OTLP receivers, query UI and trace storage by environment, its UI behind a proxy on Kubernetes. */
export class Jaeger extends pulumi.ComponentResource {
  /**
   * URL of the Jaeger UI for a person: the proxy's on Kubernetes; empty on
   * Kubernetes without a proxy (the UI is then reached by port-forward only).
   */
  public readonly url: pulumi.Output<string>;
  /** OTLP gRPC endpoint applications send traces to, as a URL (`https://` when TLS is on). */
  public readonly otlpGrpcEndpoint: pulumi.Output<string>;
  /** OTLP HTTP endpoint applications send traces to (`https://` when TLS is on). */
  public readonly otlpHttpEndpoint: pulumi.Output<string>;

  constructor(name: string, args: JaegerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("observability:index:Jaeger", name, {}, opts);
    const deployed = deployWorkload(this, name, args.workload, args);
    const proxy = args.proxy ? deployWorkload(this, `${name}-proxy`, args.proxy, args) : undefined;
    this.url = proxy?.uiUrl ?? deployed.uiUrl ?? pulumi.output("");
    // Applications that send over TLS must trust the stack's CA (output caCertificate).
    const addresses = stackAddresses(args.settings);
    this.otlpGrpcEndpoint = pulumi.output(addresses.otlpGrpcEndpoint);
    this.otlpHttpEndpoint = pulumi.output(addresses.otlpHttpEndpoint);
    this.registerOutputs({
      url: this.url,
      otlpGrpcEndpoint: this.otlpGrpcEndpoint,
      otlpHttpEndpoint: this.otlpHttpEndpoint,
    });
  }
}
