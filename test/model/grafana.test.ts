import { withExternalGrafana } from "../helpers/authFixtures";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  dashboardFolders,
  datasourceUids,
  grafanaDashboards,
  grafanaDatasources,
  grafanaPaths,
  grafanaWorkload,
} from "../../model/grafana";
import { packDashboards } from "../../model/grafana/dashboards";
import { stackPacks } from "../../model/packs/forStack";
import { defaultImages } from "../../settings/versions";
import type { ResolvedSettings } from "../../settings/validate";
import { stackNames, stackSettings } from "../../scripts/underMocks/stacks";
import { secretValuesWithTls } from "./webConfigTestValues";
import { expectWellFormed } from "./workloadChecks";

function fileContent(settings: ResolvedSettings, filePath: string): string {
  const file = grafanaWorkload(settings).files.find((candidate) => candidate.path === filePath);
  if (file === undefined) throw new Error(`no file ${filePath}`);
  return file.content;
}

function withJaeger(settings: ResolvedSettings, enabled: boolean): ResolvedSettings {
  return { ...settings, jaeger: { ...settings.jaeger, enabled } };
}

describe.each(stackNames)("grafana workload (%s)", (stack) => {
  const settings = stackSettings(stack);
  const workload = grafanaWorkload(settings);
  // dev runs without TLS; staging and prod serve HTTPS (selfSigned by default).
  const port = stack === "dev" ? "http" : "https";

  it("is well formed: ports, secrets, layout", () => {
    expectWellFormed(workload, secretValuesWithTls(settings));
  });

  it("runs the pinned image as user 472 with state on a volume", () => {
    expect(workload.image).toBe(defaultImages.grafana);
    expect(workload.kind).toBe("stateful");
    expect(workload.replicas).toBe(1);
    expect(workload.user.uid).toBe(472);
    expect(workload.dataVolume).toEqual({ mountPath: "/var/lib/grafana", size: settings.grafana.storageSize });
    expect(workload.health.liveness).toMatchObject({ path: "/api/health", port });
    expect(workload.ports).toEqual([{ name: port, port: 3000, publishAs: "grafana" }]);
    expect(workload.ui).toEqual({ port, host: expect.stringContaining("grafana") as string });
    expect(workload.allowFrom).toContainEqual({ ports: [port], from: ["ingress"] });
  });

  it("reads the admin password and secret_key from raw secret files", () => {
    expect(workload.env["GF_SECURITY_ADMIN_PASSWORD__FILE"]).toBe("/etc/grafana/secrets/admin-password");
    expect(workload.env["GF_SECURITY_SECRET_KEY__FILE"]).toBe("/etc/grafana/secrets/secret-key");
    expect(fileContent(settings, "/etc/grafana/secrets/admin-password")).toBe("__SECRET_grafanaAdminPassword__");
    expect(fileContent(settings, "/etc/grafana/secrets/secret-key")).toBe("__SECRET_grafanaSecretKey__");
    const secretDir = workload.files.filter((file) => file.path.startsWith(grafanaPaths.secrets + "/"));
    // Basic auth is on in staging and prod: Grafana keeps the password its datasources send.
    expect(secretDir.map((file) => file.path).sort()).toEqual([
      "/etc/grafana/secrets/admin-password",
      ...(stack === "dev" ? [] : ["/etc/grafana/secrets/basic-auth-password"]),
      "/etc/grafana/secrets/secret-key",
    ]);
    expect(Object.keys(workload.env).filter((name) => /PASSWORD$|SECRET_KEY$/.test(name))).toEqual([]);
  });

  it("turns off anonymous access, sign-up and everything that phones home", () => {
    expect(workload.env).toMatchObject({
      GF_AUTH_ANONYMOUS_ENABLED: "false",
      GF_USERS_ALLOW_SIGN_UP: "false",
      GF_ANALYTICS_REPORTING_ENABLED: "false",
      GF_ANALYTICS_CHECK_FOR_UPDATES: "false",
      GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES: "false",
      GF_SECURITY_ADMIN_USER: settings.grafana.adminUser,
    });
  });

  it("provisions every dashboard of the enabled packs, one folder per pack", () => {
    const providers = parse(fileContent(settings, grafanaPaths.dashboardProvidersFile)) as {
      providers: { folder: string; folderUid: string; options: { path: string } }[];
    };
    const packs = stackPacks(settings).filter((pack) => packDashboards(pack).length > 0);
    expect(providers.providers.map((provider) => provider.folderUid)).toEqual(packs.map((pack) => `pack-${pack.name}`));
    for (const folder of dashboardFolders(settings)) {
      for (const dashboard of folder.dashboards) {
        const json = JSON.parse(
          fileContent(settings, `/etc/grafana/dashboards/${folder.pack}/${dashboard.uid}.json`),
        ) as Record<string, unknown>;
        expect(json["uid"]).toBe(dashboard.uid);
      }
    }
    const dashboardFiles = workload.files.filter((file) => file.path.endsWith(".json"));
    expect(dashboardFiles.length).toBe(packs.flatMap(packDashboards).length);
    expect(workload.env["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]).toBe(
      "/etc/grafana/dashboards/stack/stack-overview.json",
    );
  });
});

describe("grafana root_url", () => {
  it("is the published loopback port on Docker", () => {
    const settings = stackSettings("dev");
    expect(grafanaWorkload(settings).env["GF_SERVER_ROOT_URL"]).toBe(
      `http://127.0.0.1:${settings.docker.ports.grafana}/`,
    );
    expect(grafanaWorkload(settings).env["GF_SECURITY_COOKIE_SECURE"]).toBe("false");
  });

  it("is the Ingress host over HTTPS on Kubernetes", () => {
    expect(grafanaWorkload(stackSettings("prod")).env["GF_SERVER_ROOT_URL"]).toBe("https://grafana.obs.example.com/");
    expect(grafanaWorkload(stackSettings("staging")).env["GF_SERVER_ROOT_URL"]).toBe(
      "https://grafana.obs.staging.example.com/",
    );
    expect(grafanaWorkload(stackSettings("prod")).env["GF_SECURITY_COOKIE_SECURE"]).toBe("true");
  });

  it("follows a version override", () => {
    const settings = stackSettings("dev");
    const pinned = { ...settings, versions: { grafana: "docker.io/grafana/grafana:12.1.0" } };
    expect(grafanaWorkload(pinned).image).toBe("docker.io/grafana/grafana:12.1.0");
  });
});

describe("grafana datasources", () => {
  it("have fixed uids and link exemplars to Jaeger and spans back to Prometheus", () => {
    const sources = grafanaDatasources(stackSettings("prod"));
    expect(sources.map((source) => source.uid)).toEqual(["prometheus", "alertmanager", "jaeger"]);
    const [prometheus, alertmanager, jaeger] = sources;
    expect(prometheus).toMatchObject({
      type: "prometheus",
      isDefault: true,
      url: "https://prometheus.observability-prod.svc:9090",
      jsonData: { exemplarTraceIdDestinations: [{ name: "trace_id", datasourceUid: datasourceUids.jaeger }] },
    });
    expect(alertmanager).toMatchObject({
      type: "alertmanager",
      isDefault: false,
      url: "https://alertmanager.observability-prod.svc:9093",
      jsonData: { implementation: "prometheus" },
    });
    expect(jaeger).toMatchObject({
      type: "jaeger",
      url: "https://jaeger.observability-prod.svc:16686",
      jsonData: { tracesToMetrics: { datasourceUid: datasourceUids.prometheus } },
    });
  });

  it("use role names as hosts on Docker", () => {
    expect(grafanaDatasources(stackSettings("dev")).map((source) => source.url)).toEqual([
      "http://prometheus:9090",
      "http://alertmanager:9093",
      "http://jaeger:16686",
    ]);
  });

  it("leave Jaeger and its links out when Jaeger is disabled", () => {
    const sources = grafanaDatasources(withJaeger(stackSettings("dev"), false));
    expect(sources.map((source) => source.uid)).toEqual(["prometheus", "alertmanager"]);
    expect(sources[0].jsonData).not.toHaveProperty("exemplarTraceIdDestinations");
    const document = parse(fileContent(withJaeger(stackSettings("dev"), false), grafanaPaths.datasourcesFile)) as {
      prune: boolean;
      datasources: { uid: string }[];
    };
    // prune removes the Jaeger datasource an earlier deployment provisioned.
    expect(document.prune).toBe(true);
    expect(document.datasources.map((source) => source.uid)).toEqual(["prometheus", "alertmanager"]);
  });

  it("every link points at a datasource that exists", () => {
    for (const settings of [...stackNames.map(stackSettings), withJaeger(stackSettings("dev"), false)]) {
      const sources = grafanaDatasources(settings);
      const uids = new Set(sources.map((source) => source.uid));
      const linked = JSON.stringify(sources.map((source) => source.jsonData)).matchAll(/"datasourceUid":"([^"]+)"/g);
      for (const match of linked) expect(uids).toContain(match[1]);
    }
  });

  it.each(stackNames)("provisioning file matches the typed datasources and is read-only in the UI (%s)", (stack) => {
    const settings = stackSettings(stack);
    const document = parse(fileContent(settings, grafanaPaths.datasourcesFile)) as {
      apiVersion: number;
      datasources: Record<string, unknown>[];
    };
    expect(document.apiVersion).toBe(1);
    const typed = grafanaDatasources(settings);
    expect(document.datasources).toHaveLength(typed.length);
    document.datasources.forEach((source, index) => {
      // Secret values are written as $__file{…} references (see grafana-security.test.ts).
      const { secureJsonData, ...plain } = typed[index];
      expect(source).toMatchObject({ ...plain, editable: false, orgId: 1 });
      expect(Object.keys((source["secureJsonData"] as object | undefined) ?? {})).toEqual(
        Object.keys(secureJsonData ?? {}),
      );
    });
  });

  it("in external mode use the URLs the operator gave", () => {
    const settings = withExternalGrafana(stackSettings("prod"), "https://jaeger.obs.example.com");
    expect(grafanaDatasources(settings).map((source) => [source.uid, source.url])).toEqual([
      ["prometheus", "https://prometheus.obs.example.com"],
      ["alertmanager", "https://alertmanager.obs.example.com"],
      ["jaeger", "https://jaeger.obs.example.com"],
    ]);
  });

  it("in external mode leave Jaeger out without a Jaeger URL", () => {
    const sources = grafanaDatasources(withExternalGrafana(stackSettings("prod")));
    expect(sources.map((source) => source.uid)).toEqual(["prometheus", "alertmanager"]);
    expect(sources[0].jsonData).not.toHaveProperty("exemplarTraceIdDestinations");
  });

  it("in external mode without grafana.external fail loudly", () => {
    const settings = stackSettings("prod");
    const broken = { ...settings, grafana: { ...settings.grafana, mode: "external" as const } };
    expect(() => grafanaDatasources(broken)).toThrow(/grafana\.external/);
  });
});

describe("grafana dashboards", () => {
  it("are the dashboards of the enabled packs, with unique uids", () => {
    const settings = stackSettings("dev");
    const dashboards = grafanaDashboards(settings);
    expect(dashboards.map((dashboard) => dashboard.uid)).toEqual([
      "stack-overview",
      "node-nodes-and-containers",
      "service-red",
    ]);
    expect(dashboards.map((dashboard) => dashboard.folder)).toEqual(["Stack", "Node", "Red"]);
    for (const dashboard of dashboards) {
      expect(dashboard.json["uid"]).toBe(dashboard.uid);
      expect(dashboard.json["title"]).toBe(dashboard.title);
    }
  });

  it("follow the pack selection: built-in packs only when none is selected", () => {
    const settings = { ...stackSettings("dev"), packs: [] };
    expect(grafanaDashboards(settings).map((dashboard) => dashboard.uid)).toEqual([
      "stack-overview",
      "node-nodes-and-containers",
    ]);
    const withHitl = { ...settings, packs: [{ name: "hitl", targets: {}, receivers: {} }] };
    expect(grafanaDashboards(withHitl).map((dashboard) => dashboard.uid)).toEqual(
      expect.arrayContaining(["hitl-overview", "hitl-slo"]),
    );
  });

  it("render the same JSON twice", () => {
    const settings = stackSettings("prod");
    expect(JSON.stringify(grafanaDashboards(settings))).toBe(JSON.stringify(grafanaDashboards(settings)));
  });
});
