import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { ResolvedWorkload } from "../../platform/types";
import { unknownFields, validateKubernetesObject } from "../helpers/kubernetesModels";
import { recordResources, valueOf, type ResourceRecorder } from "../../scripts/underMocks/mocks";
import { stackSettings } from "../../scripts/underMocks/stacks";
import {
  alertmanagerWorkload,
  blackboxWorkload,
  jaegerWorkload,
  kubeStateMetricsWorkload,
  nodeExporterWorkload,
  plainFile,
  secretFile,
} from "./kubernetesFixtures";

// Type-only imports are erased: the modules themselves load after setMocks, in beforeAll.
import type * as PlatformModule from "../../platform/kubernetes";
import type * as ChecksModule from "../../platform/kubernetes/checks";
import type * as ConfigFilesModule from "../../platform/kubernetes/configFiles";
import type * as FoundationModule from "../../platform/kubernetes/foundation";
import type * as IngressModule from "../../platform/kubernetes/ingress";
import type * as NamesModule from "../../platform/kubernetes/names";
import type * as SecurityModule from "../../platform/kubernetes/security";

type Platform = typeof PlatformModule;
type Checks = typeof ChecksModule;
type ConfigFiles = typeof ConfigFilesModule;
type Names = typeof NamesModule;
type Security = typeof SecurityModule;
type Ingress = typeof IngressModule;
type Foundation = typeof FoundationModule;

let recorder: ResourceRecorder;
let platform: Platform;
let checks: Checks;
let configFiles: ConfigFiles;
let names: Names;
let security: Security;
let ingress: Ingress;
let foundation: Foundation;

beforeAll(async () => {
  recorder = await recordResources();
  platform = await import("../../platform/kubernetes");
  checks = await import("../../platform/kubernetes/checks");
  configFiles = await import("../../platform/kubernetes/configFiles");
  names = await import("../../platform/kubernetes/names");
  security = await import("../../platform/kubernetes/security");
  ingress = await import("../../platform/kubernetes/ingress");
  foundation = await import("../../platform/kubernetes/foundation");
});

describe("workload checks", () => {
  it("accept the well-formed workloads", () => {
    for (const workload of [
      alertmanagerWorkload(),
      jaegerWorkload(),
      blackboxWorkload(),
      nodeExporterWorkload(),
      kubeStateMetricsWorkload(),
    ]) {
      expect(checks.workloadProblems(workload), workload.role).toEqual([]);
    }
  });

  const broken: [string, (workload: ResolvedWorkload) => ResolvedWorkload, RegExp][] = [
    ["a data volume without state", (w) => ({ ...w, kind: "stateless" }), /dataVolume is set but kind is 'stateless'/],
    [
      "a probe on an unknown port",
      (w) => ({ ...w, health: { ...w.health, readiness: { path: "/", port: "web" } } }),
      /health\.readiness\.port is 'web', which is not one of its ports \(http, cluster, cluster-udp\)/,
    ],
    [
      "a repeated port name",
      (w) => ({ ...w, ports: [...w.ports, { name: "http", port: 8080 }] }),
      /name 'http' is used twice/,
    ],
    [
      "a port name Kubernetes rejects",
      (w) => ({ ...w, ports: [...w.ports, { name: "very-long-port-name", port: 8080 }] }),
      /name 'very-long-port-name' must be 1-15/,
    ],
    ["root without privilege", (w) => ({ ...w, user: { uid: 0, gid: 0 } }), /user\.uid is 0/],
    [
      "secret and plain files in one directory",
      (w) => ({ ...w, files: [...w.files, plainFile("/etc/alertmanager/config/extra.yml", "a: 1")] }),
      /directory '\/etc\/alertmanager\/config' mixes secret and plain files/,
    ],
    [
      "a rule open to everyone",
      (w) => ({ ...w, allowFrom: [{ ports: ["http"], from: [] }] }),
      /allowFrom\[0\]\.from is empty/,
    ],
    [
      "a rule for every port",
      (w) => ({ ...w, allowFrom: [{ ports: [], from: ["prometheus"] }] }),
      /allowFrom\[0\]\.ports is empty/,
    ],
    [
      "an unknown port in a rule",
      (w) => ({ ...w, allowFrom: [{ ports: ["metrics"], from: ["prometheus"] }] }),
      /allowFrom\[0\]\.ports is 'metrics'/,
    ],
    ["two mounts at one path", (w) => ({ ...w, scratchPaths: ["/alertmanager"] }), /'\/alertmanager' is mounted twice/],
    [
      "a relative file path",
      (w) => ({ ...w, files: [plainFile("alertmanager.yml", "")] }),
      /must be an absolute file path/,
    ],
  ];

  it.each(broken)("reject %s", (_, breakIt, message) => {
    const problems = checks.workloadProblems(breakIt(alertmanagerWorkload()));
    expect(problems.join("\n")).toMatch(message);
  });

  it("reject several replicas of a per-node workload", () => {
    expect(checks.workloadProblems({ ...nodeExporterWorkload(), replicas: 2 }).join("\n")).toMatch(
      /replicas is 2 but kind is 'perNode'/,
    );
  });

  it("let a privileged host workload run as root", () => {
    const workload = nodeExporterWorkload();
    const privileged = { ...workload, user: { uid: 0, gid: 0 }, host: { ...workload.host!, privileged: true } };
    expect(checks.workloadProblems(privileged)).toEqual([]);
  });

  it("stop deploy before any resource is registered, naming the workload and every problem", async () => {
    const settings = stackSettings("prod");
    const parent = new pulumi.ComponentResource("observability:test:Stack", "checks", {});
    const base = platform.kubernetesPlatform.foundation("checks", settings, parent);
    const bad = { ...alertmanagerWorkload(), kind: "stateless" as const, user: { uid: 0, gid: 0 } };
    expect(() => platform.kubernetesPlatform.deploy("bad", bad, settings, base, parent)).toThrow(
      /workload 'alertmanager' cannot be deployed to Kubernetes:\n {2}- dataVolume[^\n]*\n {2}- user\.uid is 0/,
    );
    await recorder.settle([...base.dependsOn]);
    expect(recorder.resources.filter((resource) => resource.name.startsWith("bad-"))).toEqual([]);
  });
});

describe("names", () => {
  it("turn paths into DNS labels", () => {
    expect(names.dnsLabelFromPath("/etc/prometheus/rules")).toBe("etc-prometheus-rules");
    expect(names.dnsLabelFromPath("/var/lib/grafana/Dashboards_x")).toBe("var-lib-grafana-dashboards-x");
    expect(names.dnsLabelFromPath("/")).toBe("root");
  });

  it("shorten long paths with a hash that keeps them apart", () => {
    const a = names.dnsLabelFromPath(`/etc/${"a".repeat(80)}/one`, 40);
    const b = names.dnsLabelFromPath(`/etc/${"a".repeat(80)}/two`, 40);
    expect(a.length).toBeLessThanOrEqual(40);
    expect(a).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(a).not.toBe(b);
  });

  it("split paths into directory and file name", () => {
    expect(names.directoryOf("/etc/x/a.yml")).toBe("/etc/x");
    expect(names.directoryOf("/a.yml")).toBe("/");
    expect(names.baseNameOf("/etc/x/a.yml")).toBe("a.yml");
  });
});

describe("config files", () => {
  it("group by directory, secret directories with secret contents", async () => {
    const directories = configFiles.configDirectories(alertmanagerWorkload().files);
    expect(directories.map((d) => [d.directory, d.slug, d.sensitive])).toEqual([
      ["/etc/alertmanager/config", "config-etc-alertmanager-config", true],
      ["/etc/alertmanager/templates", "config-etc-alertmanager-templates", false],
    ]);
    expect(directories.map((d) => d.parts.length)).toEqual([1, 1]);
    const secretEntry = directories[0].parts[0]["alertmanager.yml"];
    expect(pulumi.Output.isInstance(secretEntry)).toBe(true);
    expect(await pulumi.isSecret(pulumi.output(secretEntry))).toBe(true);
    expect(typeof directories[1].parts[0]["default.tmpl"]).toBe("string");
  });

  it("split a directory too big for one object into parts in name order, each within the limit", () => {
    const files = ["d", "a", "c", "b", "e"].map((name) => plainFile(`/etc/rules/${name}.yml`, "x".repeat(400)));
    const [rules] = configFiles.configDirectories(files, 1000);
    expect(rules.parts.map((part) => Object.keys(part))).toEqual([["a.yml", "b.yml"], ["c.yml", "d.yml"], ["e.yml"]]);
    expect(configFiles.configDirectories(files).map((d) => d.parts.length)).toEqual([1]);
  });

  it("refuse one file bigger than an object holds, naming it", () => {
    const huge = plainFile("/etc/prometheus/prometheus.yml", "x".repeat(2000));
    expect(() => configFiles.configDirectories([huge], 1000)).toThrow(
      /\/etc\/prometheus\/prometheus\.yml is 2 KiB, more than one ConfigMap or Secret holds/,
    );
  });

  it("refuse a secret Output in a file not marked sensitive", async () => {
    const leaked = { ...plainFile("/etc/x/a.yml", ""), content: pulumi.secret("password: hunter2") };
    await expect(configFiles.assertNotSecret(leaked)).rejects.toThrow(
      /\/etc\/x\/a\.yml holds a secret but is not marked sensitive/,
    );
    const fine = { ...plainFile("/etc/x/a.yml", ""), content: pulumi.output("a: 1") };
    await expect(configFiles.assertNotSecret(fine)).resolves.toBeUndefined();
    expect(await valueOf(pulumi.output(configFiles.plainContent(fine)))).toBe("a: 1");
  });

  it("checksum changes with any plain file, ignores order, and leaves secret files out", async () => {
    const a = plainFile("/etc/a/a.yml", "a: 1");
    const b = plainFile("/etc/b/b.yml", "b: 1");
    const changed = plainFile("/etc/b/b.yml", "b: 2");
    expect(configFiles.configChecksum([])).toBeUndefined();
    const sum = configFiles.configChecksum([a, b])!;
    expect(await valueOf(sum)).toBe(await valueOf(configFiles.configChecksum([b, a])!));
    expect(await valueOf(sum)).not.toBe(await valueOf(configFiles.configChecksum([a, changed])!));
    expect(await pulumi.isSecret(sum)).toBe(false);
    const withSecret = configFiles.configChecksum([a, b, secretFile("/etc/s/s.yml", "token: x")])!;
    expect(await pulumi.isSecret(withSecret)).toBe(false);
    expect(await valueOf(withSecret)).toBe(await valueOf(sum));
    expect(configFiles.configChecksum([secretFile("/etc/s/s.yml", "token: x")])).toBeUndefined();
  });

  it("leave files the workload reloads live out of the checksum, so that their change rolls nothing", async () => {
    const plain = plainFile("/etc/a/a.yml", "a: 1");
    const rules = plainFile("/etc/rules/r.yml", "groups: []", true);
    const changedRules = plainFile("/etc/rules/r.yml", "groups: [{name: x, rules: []}]", true);
    const sum = await valueOf(configFiles.configChecksum([plain, rules])!);
    expect(await valueOf(configFiles.configChecksum([plain, changedRules])!)).toBe(sum);
    expect(await valueOf(configFiles.configChecksum([plain])!)).toBe(sum);
    expect(configFiles.configChecksum([rules])).toBeUndefined();
    expect(configFiles.configDirectories([plain, rules]).map((d) => [d.directory, d.reloadsLive])).toEqual([
      ["/etc/a", false],
      ["/etc/rules", true],
    ]);
  });

  it("roll a secret directory even when its files reload live: only ConfigMaps are updated in place", () => {
    const live = { ...secretFile("/etc/s/token.yml", "token: x"), reloadsLive: true };
    expect(configFiles.configDirectories([live]).map((d) => [d.directory, d.sensitive, d.reloadsLive])).toEqual([
      ["/etc/s", true, false],
    ]);
  });

  it("refuse a directory that mixes files reloaded live with others, naming it", () => {
    const files = [plainFile("/etc/rules/a.yml", "a: 1", true), plainFile("/etc/rules/b.yml", "b: 1")];
    expect(() => configFiles.configDirectories(files)).toThrow(
      /\/etc\/rules mixes files the workload reloads live with files it does not/,
    );
  });
});

describe("security contexts", () => {
  it("give a privileged host workload privilege, and nobody else", () => {
    const workload = nodeExporterWorkload();
    const privileged = { ...workload, user: { uid: 0, gid: 0 }, host: { ...workload.host!, privileged: true } };
    expect(security.containerSecurityContext(privileged)).toMatchObject({
      privileged: true,
      allowPrivilegeEscalation: true,
      runAsNonRoot: false,
    });
    expect(security.podSecurityContext(privileged).runAsNonRoot).toBe(false);
    expect(security.containerSecurityContext(workload).privileged).toBe(false);
  });
});

describe("namespace labels", () => {
  it("enforce, audit and warn at one Pod Security level", () => {
    expect(foundation.podSecurityLabels("restricted")).toEqual({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/audit-version": "latest",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/warn-version": "latest",
    });
  });
});

describe("ingress TLS", () => {
  it("is left out while the stack manages no certificates", () => {
    expect(ingress.ingressTls({ tls: { mode: "none" } }, "grafana", ["grafana.example.com"])).toBeUndefined();
  });
});

describe("the Kubernetes object validator used by these tests", () => {
  const deployment = () => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "x", labels: { "app.kubernetes.io/name": "x" } },
    spec: {
      selector: { matchLabels: { "app.kubernetes.io/name": "x" } },
      template: {
        metadata: { labels: { "app.kubernetes.io/name": "x" } },
        spec: {
          containers: [
            {
              name: "x",
              image: "example.com/x:1",
              resources: { limits: { cpu: "1" } },
              securityContext: { readOnlyRootFilesystem: true } as Record<string, unknown>,
            },
          ],
        },
      },
    },
  });

  it("accepts a valid object", () => {
    expect(() => validateKubernetesObject(deployment())).not.toThrow();
  });

  it("finds misspelled fields, which kubernetes-models lets through", () => {
    const object = deployment();
    object.spec.template.spec.containers[0].securityContext = { readOnlyRootFileSystem: true };
    expect(unknownFields(object)).toEqual([".spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem"]);
    expect(() => validateKubernetesObject(object)).toThrow(/fields the Kubernetes schema does not know/);
  });

  it("rejects wrong types and missing required fields", () => {
    const object = deployment() as unknown as { spec: { template: { spec: { containers: unknown } } } };
    object.spec.template.spec.containers = [{ image: 3 }];
    expect(() => validateKubernetesObject(object as unknown as Record<string, unknown>)).toThrow(
      /does not match the Kubernetes schema/,
    );
  });

  it("refuses kinds it has no model for", () => {
    expect(() => validateKubernetesObject({ apiVersion: "example.com/v1", kind: "Widget" })).toThrow(
      /no kubernetes-models class/,
    );
  });
});
