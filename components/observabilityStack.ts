import * as pulumi from "@pulumi/pulumi";
import { datasourceUids } from "../model/grafana";
import { planWorkloads, stackPlan } from "../model/stack/plan";
import { caCertSecretKey } from "../model/tls";
import { isTlsRole } from "../model/addresses";
import { secretReferences } from "../settings/secretRefs";
import type { ResolvedSettings } from "../settings/validate";
import { Alertmanager } from "./alertmanager";
import { Exporters } from "./exporters";
import { Grafana } from "./grafana";
import { Jaeger } from "./jaeger";
import type { StackModules } from "./modules";
import { Prometheus } from "./prometheus";
import type { SecretOutputs } from "./resolveWorkload";
import type { WorkloadComponentArgs } from "./workloadArgs";

/** Arguments of the whole stack. */
export interface ObservabilityStackArgs {
  /** Validated settings (see settings/). */
  readonly settings: ResolvedSettings;
  /** Secret config values by key, each a secret Output. */
  readonly secrets: SecretOutputs;
  /** Platform and optional modules, loaded for these settings by `loadStackModules`. */
  readonly modules: StackModules;
}

/**
 * The whole observability stack on one target: Prometheus, Alertmanager,
 * Grafana (run here or pushed into an existing one), Jaeger and exporters,
 * sharing one network or namespace.
 */
export class ObservabilityStack extends pulumi.ComponentResource {
  /** Grafana URL for a person. */
  public readonly grafanaUrl: pulumi.Output<string>;
  /** Prometheus UI URL for a person. */
  public readonly prometheusUrl: pulumi.Output<string>;
  /** Alertmanager UI URL for a person. */
  public readonly alertmanagerUrl: pulumi.Output<string>;
  /** Jaeger UI URL for a person; empty when Jaeger is disabled, or on Kubernetes without auth.jaegerProxy. */
  public readonly jaegerUrl: pulumi.Output<string>;
  /** Prometheus address inside the network or cluster. */
  public readonly prometheusAddress: pulumi.Output<string>;
  /** Alertmanager address inside the network or cluster. */
  public readonly alertmanagerAddress: pulumi.Output<string>;
  /** OTLP gRPC endpoint for applications' traces; empty when Jaeger is disabled. */
  public readonly otlpGrpcEndpoint: pulumi.Output<string>;
  /** OTLP HTTP endpoint for applications' traces; empty when Jaeger is disabled. */
  public readonly otlpHttpEndpoint: pulumi.Output<string>;
  /** Datasource uids dashboards refer to. */
  public readonly datasourceUids: pulumi.Output<Record<string, string>>;
  /** Grafana admin user. */
  public readonly grafanaAdminUser: pulumi.Output<string>;
  /** Grafana admin password (secret); the generated one in dev, else the configured one. */
  public readonly grafanaAdminPassword: pulumi.Output<string>;
  /** Basic-auth user of Prometheus, Alertmanager and the exporters; empty when basic auth is off. */
  public readonly basicAuthUser: pulumi.Output<string>;
  /** Basic-auth password (secret); empty when basic auth is off. */
  public readonly basicAuthPassword: pulumi.Output<string>;
  /** PEM of the stack's own CA (tls.mode selfSigned), for clients to trust; empty otherwise. */
  public readonly caCertificate: pulumi.Output<string>;

  constructor(name: string, args: ObservabilityStackArgs, opts?: pulumi.ComponentResourceOptions) {
    super("observability:index:ObservabilityStack", name, {}, opts);
    const { settings, modules } = args;
    const plan = stackPlan(settings);
    const generated = modules.generateMissingSecrets?.(this, name, settings) ?? {};
    // TLS material joins the secrets: the model's files refer to it by token.
    const tlsWorkloads = planWorkloads(plan)
      .filter((workload) => isTlsRole(workload.role))
      .map((workload) => ({ role: workload.role, replicas: workload.replicas }));
    const certificates = modules.createSelfSignedCertificates?.(this, name, settings, tlsWorkloads) ?? {};
    const secrets: SecretOutputs = { ...args.secrets, ...generated, ...certificates };
    const missing = secretReferences(settings).filter((ref) => secrets[ref.key] === undefined);
    if (missing.length > 0) {
      throw new Error(`secrets without a value: ${missing.map((ref) => ref.key).join(", ")} (a stack loader bug)`);
    }

    const shared = modules.platform.foundation(name, settings, this);
    let foundation = shared;
    if (settings.tls.mode === "certManager") {
      if (modules.platform.issueCertificates === undefined) {
        throw new Error(`the ${modules.platform.target} platform cannot issue certificates (tls.mode certManager)`);
      }
      // Workloads wait for their Certificates, so pods do not start before
      // cert-manager has written the Secrets they mount.
      const issued = modules.platform.issueCertificates(name, settings, tlsWorkloads, shared, this);
      foundation = { ...shared, dependsOn: [...shared.dependsOn, ...issued] };
    }
    const workloadArgs: WorkloadComponentArgs = { settings, platform: modules.platform, foundation, secrets };
    const childOpts = { parent: this };

    const prometheus = new Prometheus(`${name}-prometheus`, { ...workloadArgs, workload: plan.prometheus }, childOpts);
    const alertmanager = new Alertmanager(
      `${name}-alertmanager`,
      { ...workloadArgs, workload: plan.alertmanager },
      childOpts,
    );
    new Exporters(`${name}-exporters`, { ...workloadArgs, workloads: plan.exporters }, childOpts);
    const jaeger = plan.jaeger
      ? new Jaeger(
          `${name}-jaeger`,
          { ...workloadArgs, workload: plan.jaeger, ...(plan.jaegerProxy ? { proxy: plan.jaegerProxy } : {}) },
          childOpts,
        )
      : undefined;

    if (plan.grafana) {
      const grafana = new Grafana(`${name}-grafana`, { ...workloadArgs, workload: plan.grafana }, childOpts);
      this.grafanaUrl = grafana.url;
      this.grafanaAdminPassword = pulumi.secret(secrets[settings.grafana.adminPasswordSecret]);
    } else {
      if (modules.ExternalGrafana === undefined)
        throw new Error("external Grafana mode needs the ExternalGrafana module");
      const grafana = new modules.ExternalGrafana(`${name}-grafana`, { settings, secrets }, childOpts);
      this.grafanaUrl = grafana.url;
      this.grafanaAdminPassword = pulumi.secret("");
    }

    this.prometheusUrl = prometheus.url;
    this.alertmanagerUrl = alertmanager.url;
    this.jaegerUrl = jaeger?.url ?? pulumi.output("");
    this.prometheusAddress = prometheus.address;
    this.alertmanagerAddress = alertmanager.address;
    this.otlpGrpcEndpoint = jaeger?.otlpGrpcEndpoint ?? pulumi.output("");
    this.otlpHttpEndpoint = jaeger?.otlpHttpEndpoint ?? pulumi.output("");
    this.datasourceUids = pulumi.output<Record<string, string>>({ ...datasourceUids });
    this.grafanaAdminUser = pulumi.output(settings.grafana.adminUser);
    const basicAuth = settings.auth.basicAuth;
    this.basicAuthUser = pulumi.output(basicAuth.enabled ? basicAuth.username : "");
    this.basicAuthPassword = pulumi.secret(basicAuth.enabled ? secrets[basicAuth.passwordSecret] : "");
    // A CA certificate is public; only its key is secret (and never leaves the state).
    const caCertificate = certificates[caCertSecretKey];
    this.caCertificate = caCertificate ? pulumi.unsecret(caCertificate) : pulumi.output("");
    this.registerOutputs({
      grafanaUrl: this.grafanaUrl,
      prometheusUrl: this.prometheusUrl,
      alertmanagerUrl: this.alertmanagerUrl,
      jaegerUrl: this.jaegerUrl,
      prometheusAddress: this.prometheusAddress,
      alertmanagerAddress: this.alertmanagerAddress,
      otlpGrpcEndpoint: this.otlpGrpcEndpoint,
      otlpHttpEndpoint: this.otlpHttpEndpoint,
      datasourceUids: this.datasourceUids,
      grafanaAdminUser: this.grafanaAdminUser,
      grafanaAdminPassword: this.grafanaAdminPassword,
      basicAuthUser: this.basicAuthUser,
      basicAuthPassword: this.basicAuthPassword,
      caCertificate: this.caCertificate,
    });
  }
}
