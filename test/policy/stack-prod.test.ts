import { beforeAll, describe, expect, it } from "vitest";
import type { StackResource } from "./harness";
import { stackResources, violationsOf, withChange } from "./stackUnderPolicy";

// One stack per file: Pulumi's runtime state (mocks, config) is global per process.

type Json = Record<string, unknown>;

function podSpec(props: Json): Json {
  return ((props["spec"] as Json)["template"] as Json)["spec"] as Json;
}

function mainContainer(props: Json): Json {
  return (podSpec(props)["containers"] as Json[])[0];
}

const statefulSet = "kubernetes:apps/v1:StatefulSet";
const configMap = "kubernetes:core/v1:ConfigMap";

let resources: StackResource[];

beforeAll(async () => {
  resources = await stackResources("prod");
});

describe("the prod stack under the policy pack", () => {
  it("produces zero violations, checked as prod", async () => {
    expect(resources.filter((resource) => resource.type.startsWith("kubernetes:apps/v1:")).length).toBeGreaterThan(4);
    expect(await violationsOf(resources, "prod")).toEqual([]);
  });

  /** Each seeded violation must be reported by the policy it breaks. */
  const seeded: [policy: string, type: string, name: string, change: (props: Json) => void][] = [
    [
      "pod-security-restricted",
      statefulSet,
      "observability-prometheus-statefulset",
      (props) => {
        (mainContainer(props)["securityContext"] as Json)["allowPrivilegeEscalation"] = true;
      },
    ],
    [
      "host-access-only-in-host-namespace",
      "kubernetes:apps/v1:DaemonSet",
      "observability-exporters-node-exporter-daemonset",
      (props) => {
        (props["metadata"] as Json)["namespace"] = "observability-prod";
      },
    ],
    [
      "stateful-data-on-volumes",
      statefulSet,
      "observability-alertmanager-statefulset",
      (props) => {
        (props["spec"] as Json)["volumeClaimTemplates"] = [];
      },
    ],
    [
      "replicas-for-high-availability",
      statefulSet,
      "observability-prometheus-statefulset",
      (props) => {
        (props["spec"] as Json)["replicas"] = 1;
      },
    ],
    [
      "tls-on-servers",
      statefulSet,
      "observability-alertmanager-statefulset",
      (props) => {
        const container = mainContainer(props);
        container["args"] = (container["args"] as string[]).filter((arg) => !arg.startsWith("--web.config.file"));
      },
    ],
    [
      "tls-on-ingresses",
      "kubernetes:networking.k8s.io/v1:Ingress",
      "observability-prometheus-ingress",
      (props) => {
        delete (props["spec"] as Json)["tls"];
      },
    ],
    [
      "prometheus-uses-tls",
      configMap,
      "observability-prometheus-config-etc-prometheus",
      (props) => {
        const data = props["data"] as Record<string, string>;
        data["prometheus.yml"] = data["prometheus.yml"].replace(
          "  - job_name: grafana\n    scheme: https",
          "  - job_name: grafana\n    scheme: http",
        );
      },
    ],
    [
      "no-insecure-skip-verify",
      configMap,
      "observability-grafana-config-etc-grafana-provisioning-datasources",
      (props) => {
        const data = props["data"] as Record<string, string>;
        const [file] = Object.keys(data);
        data[file] = data[file].replace("tlsSkipVerify: false", "tlsSkipVerify: true");
      },
    ],
    [
      "grafana-no-anonymous",
      statefulSet,
      "observability-grafana-statefulset",
      (props) => {
        (mainContainer(props)["env"] as Json[]).push({ name: "GF_AUTH_ANONYMOUS_ENABLED", value: "true" });
      },
    ],
    [
      "no-external-services",
      "kubernetes:core/v1:Service",
      "observability-grafana-service",
      (props) => {
        (props["spec"] as Json)["type"] = "LoadBalancer";
      },
    ],
    [
      "resource-limits",
      statefulSet,
      "observability-jaeger-statefulset",
      (props) => {
        delete (mainContainer(props)["resources"] as Json)["limits"];
      },
    ],
    [
      "pinned-images",
      statefulSet,
      "observability-grafana-statefulset",
      (props) => {
        mainContainer(props)["image"] = "docker.io/grafana/grafana:latest";
      },
    ],
    [
      "no-secrets-in-configmaps",
      configMap,
      "observability-grafana-config-etc-grafana-provisioning-datasources",
      (props) => {
        const data = props["data"] as Record<string, string>;
        const [file] = Object.keys(data);
        data[file] = data[file].replace(
          "basicAuthPassword: $__file{/etc/grafana/secrets/basic-auth-password}",
          "basicAuthPassword: hunter2",
        );
      },
    ],
    [
      "no-secret-literals-in-env",
      statefulSet,
      "observability-grafana-statefulset",
      (props) => {
        (mainContainer(props)["env"] as Json[]).push({ name: "GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET", value: "s3cr3t" });
      },
    ],
  ];

  it.each(seeded)("reports a seeded violation of %s", async (policy, type, name, change) => {
    const violations = await violationsOf(withChange(resources, type, name, change), "prod");
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.map((violation) => violation.policy)).toContain(policy);
  });

  it("reports Grafana on plain http when its Ingress has no TLS (grafana-serves-https)", async () => {
    let changed = withChange(resources, statefulSet, "observability-grafana-statefulset", (props) => {
      const env = mainContainer(props)["env"] as Json[];
      for (const variable of env) if (variable["name"] === "GF_SERVER_PROTOCOL") variable["value"] = "http";
    });
    expect(await violationsOf(changed, "prod")).toEqual([]);
    changed = withChange(
      changed,
      "kubernetes:networking.k8s.io/v1:Ingress",
      "observability-grafana-ingress",
      (props) => {
        delete (props["spec"] as Json)["tls"];
      },
    );
    expect((await violationsOf(changed, "prod")).map((violation) => violation.policy).sort()).toEqual([
      "grafana-serves-https",
      "tls-on-ingresses",
    ]);
  });
});
