import * as grafana from "@pulumiverse/grafana";
import * as pulumi from "@pulumi/pulumi";
import { grafanaDashboards, grafanaDatasources, type GrafanaDatasource } from "../model/grafana";
import type { ResolvedSettings } from "../settings/validate";
import type { SecretOutputs } from "./resolveWorkload";

/** Arguments of the external-Grafana component. */
export interface ExternalGrafanaArgs {
  /** Validated settings; `grafana.mode` is `external` and `grafana.external` is set. */
  readonly settings: ResolvedSettings;
  /** Secret values by config key; holds the service-account token. */
  readonly secrets: SecretOutputs;
}

/**
 * Pushes the stack's folder, datasources and dashboards into an existing
 * Grafana instead of running one, with the same uids and JSON as the
 * file-provisioned Grafana, so dashboards link the same way in both modes.
 */
export class ExternalGrafana extends pulumi.ComponentResource {
  /** URL of the existing Grafana. */
  public readonly url: pulumi.Output<string>;
  /** uid of the folder holding the stack's dashboards. */
  public readonly folderUid: pulumi.Output<string>;

  constructor(name: string, args: ExternalGrafanaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("observability:index:ExternalGrafana", name, {}, opts);
    const external = args.settings.grafana.external;
    if (external === undefined) throw new Error("ExternalGrafana needs settings.grafana.external");
    const token = args.secrets[external.authSecret];
    if (token === undefined) throw new Error(`ExternalGrafana needs the secret ${external.authSecret}`);

    const provider = new grafana.Provider(`${name}-provider`, { url: external.url, auth: token }, { parent: this });
    const childOpts = { parent: this, provider };
    const folder = new grafana.oss.Folder(
      `${name}-folder`,
      { title: external.folder, uid: `observability-${args.settings.stack}` },
      childOpts,
    );
    for (const source of grafanaDatasources(args.settings)) {
      const secure = secureJsonData(source, args.secrets);
      new grafana.oss.DataSource(
        `${name}-datasource-${source.uid}`,
        {
          uid: source.uid,
          name: source.name,
          type: source.type,
          url: source.url,
          accessMode: source.access,
          isDefault: source.isDefault,
          jsonDataEncoded: JSON.stringify(source.jsonData),
          basicAuthEnabled: source.basicAuth ?? false,
          ...(source.basicAuthUser === undefined ? {} : { basicAuthUsername: source.basicAuthUser }),
          ...(secure === undefined ? {} : { secureJsonDataEncoded: secure }),
        },
        childOpts,
      );
    }
    for (const dashboard of grafanaDashboards(args.settings)) {
      new grafana.oss.Dashboard(
        `${name}-dashboard-${dashboard.uid}`,
        { folder: folder.uid, configJson: JSON.stringify(dashboard.json), overwrite: true },
        childOpts,
      );
    }
    this.url = pulumi.output(external.url);
    this.folderUid = folder.uid;
    this.registerOutputs({ url: this.url, folderUid: this.folderUid });
  }
}

/**
 * A datasource's `secureJsonData` as the provider takes it: JSON of the
 * secret values (basic-auth password, CA certificate), a secret Output.
 * Only values from the secrets dictionary exist in external mode; a file
 * reference (`$__file{}`) only works inside the Grafana the stack runs.
 */
function secureJsonData(source: GrafanaDatasource, secrets: SecretOutputs): pulumi.Output<string> | undefined {
  const entries = Object.entries(source.secureJsonData ?? {});
  if (entries.length === 0) return undefined;
  const values = entries.map(([field, origin]) => {
    if (!("secretKey" in origin)) {
      throw new Error(`datasource ${source.uid}: ${field} refers to a file, which an external Grafana cannot read`);
    }
    const value = secrets[origin.secretKey];
    if (value === undefined) throw new Error(`datasource ${source.uid}: secret ${origin.secretKey} has no value`);
    return value;
  });
  return pulumi.secret(
    pulumi
      .all(values)
      .apply((resolved) => JSON.stringify(Object.fromEntries(entries.map(([field], i) => [field, resolved[i]])))),
  );
}
