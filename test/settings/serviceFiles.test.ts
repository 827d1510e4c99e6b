import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { locatedInServiceFile, withServiceFiles } from "../../settings/serviceFiles";
import { parseSettings } from "../../settings/validate";
import { rawConfigFromStackFile } from "../../settings/fromStackFile";
import { SettingsError } from "../../settings/errors";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";

const payments = [
  { name: "payments-api", targets: ["payments-api.apps.svc:8080"] },
  { name: "payments-worker", targets: ["payments-worker.apps.svc:8080"] },
];
const inline = [{ name: "orders-api", targets: ["orders-api.apps.svc:8080"] }];

describe("service files", () => {
  let root: string;
  beforeAll(() => {
    root = makeTempDir("service-files");
    fs.mkdirSync(path.join(root, "services"));
    fs.writeFileSync(path.join(root, "services", "payments.yaml"), stringify(payments));
    fs.writeFileSync(path.join(root, "services", "mapping.yaml"), stringify({ services: payments }));
    fs.writeFileSync(path.join(root, "services", "broken.yaml"), "- name: [unclosed\n");
  });
  afterAll(() => removeTempDir(root));

  it("append each file's services, in order, after the stack file's own", () => {
    const expanded = withServiceFiles({ services: inline, serviceFiles: ["services/payments.yaml"] }, root);
    expect(expanded.problems).toEqual([]);
    expect(expanded.values["services"]).toEqual([...inline, ...payments]);
    expect(expanded.origins).toEqual({
      inline: 1,
      fromFiles: [
        { file: "services/payments.yaml", index: 0 },
        { file: "services/payments.yaml", index: 1 },
      ],
    });
  });

  it("name a missing file, one that is not YAML and one that is not a list, at their serviceFiles entries", () => {
    const expanded = withServiceFiles(
      { serviceFiles: ["services/gone.yaml", "services/broken.yaml", "services/mapping.yaml"] },
      root,
    );
    expect(expanded.problems.map((problem) => `${problem.path}: ${problem.message.split(":")[0]}`)).toEqual([
      "observability:serviceFiles[0]: services/gone.yaml is missing (paths are relative to the project's root, beside Pulumi.yaml)",
      "observability:serviceFiles[1]: services/broken.yaml is not valid YAML",
      "observability:serviceFiles[2]: services/mapping.yaml must hold a YAML list of services, each as in services[]",
    ]);
    expect(expanded.values["services"]).toEqual([]);
  });

  it("never read a file outside services/, which the schema refuses", () => {
    fs.writeFileSync(path.join(root, "elsewhere.yaml"), stringify(payments));
    const expanded = withServiceFiles({ serviceFiles: ["services/../elsewhere.yaml", "elsewhere.yaml"] }, root);
    expect(expanded.problems).toEqual([]);
    expect(expanded.values["services"]).toEqual([]);
  });

  it("say a problem of a service from a file at that file and index, not at the merged list's", () => {
    const origins = {
      inline: 1,
      fromFiles: [
        { file: "services/payments.yaml", index: 0 },
        { file: "services/payments.yaml", index: 1 },
      ],
    };
    const at = (where: string) => locatedInServiceFile({ path: where, message: "m" }, origins).path;
    expect(at("observability:services[2].targets[0]")).toBe("services/payments.yaml[1].targets[0]");
    expect(at("observability:services[0].name")).toBe("observability:services[0].name");
    expect(at("observability:prometheus.replicas")).toBe("observability:prometheus.replicas");
  });

  it("are refused outside services/ or when not YAML, by the schema", () => {
    const raw = rawConfigFromStackFile("dev");
    const error = (() => {
      try {
        parseSettings({ ...raw, values: { ...raw.values, serviceFiles: ["../etc/passwd.yaml", "services/x.json"] } });
      } catch (caught) {
        return caught as SettingsError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SettingsError);
    expect(error?.message).toContain(
      'observability:serviceFiles[0]: must be a .yml or .yaml file under services/, such as services/payments.yaml (got "../etc/passwd.yaml")',
    );
    expect(error?.message).toContain("observability:serviceFiles[1]: must be a .yml or .yaml file under services/");
  });
});
