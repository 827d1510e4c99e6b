import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jaegerConfigPath, jaegerWorkload } from "../../model/jaeger";
import { fillSecrets } from "../../model/secrets";
import type { ResolvedSettings } from "../../settings/validate";
import { secretValuesWithTls } from "../model/webConfigTestValues";
import { settingsWith, stackSettings } from "../../scripts/underMocks/stacks";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";
import { deployedJaeger, runBinary } from "../helpers/upstream";

/**
 * The generated Jaeger v2 configuration checked by the deployed Jaeger
 * itself (`jaeger validate`, built from its Go module by
 * scripts/build-upstream-tools), for every storage backend and TLS mode.
 */
const jaeger = deployedJaeger();

const variants: [string, () => ResolvedSettings][] = [
  ["dev (memory, plain)", () => stackSettings("dev")],
  ["staging (badger, self-signed TLS)", () => stackSettings("staging")],
  ["prod (badger, self-signed TLS)", () => stackSettings("prod")],
  [
    "prod with cert-manager",
    () => settingsWith("prod", { tls: { mode: "certManager", issuer: { name: "internal-ca" } } }),
  ],
  [
    "prod on Elasticsearch with a password",
    () =>
      settingsWith("prod", {
        jaeger: {
          storage: {
            type: "elasticsearch",
            urls: ["https://es.example.com:9200"],
            username: "jaeger",
            passwordSecret: "esPassword",
          },
        },
      }),
  ],
  [
    "staging on OpenSearch",
    () =>
      settingsWith("staging", { jaeger: { storage: { type: "opensearch", urls: ["https://os.example.com:9200"] } } }),
  ],
];

describe.runIf(jaeger !== undefined)("jaeger validate accepts the generated config", () => {
  let root: string;
  beforeAll(() => {
    root = makeTempDir("jaeger-validate");
  });
  afterAll(() => removeTempDir(root));

  function writeConfig(name: string, settings: ResolvedSettings): string {
    const file = jaegerWorkload(settings)!.files.find((spec) => spec.path === jaegerConfigPath)!;
    const target = path.join(root, `${name.replace(/\W+/g, "-")}.yaml`);
    fs.writeFileSync(target, fillSecrets(file, { ...secretValuesWithTls(settings), esPassword: "es-pass" }));
    return target;
  }

  it.each(variants)("%s", (name, settings) => {
    const result = runBinary(jaeger!, ["validate", `--config=file:${writeConfig(name, settings())}`]);
    expect(result.status, result.transcript).toBe(0);
  });

  it("rejects a misspelled key (the check is live)", () => {
    const file = writeConfig("broken", stackSettings("dev"));
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("max_traces", "max_tracez"));
    const result = runBinary(jaeger!, ["validate", `--config=file:${file}`]);
    expect(result.status).not.toBe(0);
    expect(result.transcript).toContain("max_tracez");
  });
});
