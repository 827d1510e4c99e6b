import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { Platform, ResolvedWorkload } from "../../platform/types";
import { recordResources, valueOf, type ResourceRecorder } from "../../scripts/underMocks/mocks";
import { settingsWith } from "../../scripts/underMocks/stacks";
import { blackboxWithHttps, fixtureKeyMarker } from "./kubernetesFixtures";

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access --
   Recorded inputs are untyped; the assertions are the type check. */

const dev = settingsWith("dev", { tls: { mode: "selfSigned" } });

let recorder: ResourceRecorder;
let platform: Platform;
let parent: pulumi.ComponentResource;

/** The blackbox exporter with its selfSigned TLS files, as a Docker workload. */
function blackbox(): ResolvedWorkload {
  return blackboxWithHttps();
}

beforeAll(async () => {
  recorder = await recordResources({
    computed: { "docker:index/remoteImage:RemoteImage": () => ({ imageId: "sha256:0" }) },
  });
  platform = (await import("../../platform/docker")).dockerPlatform;
  parent = new pulumi.ComponentResource("observability:test:Stack", "dev", {}, { transformations: [recorder.trace] });
});

describe("TLS on Docker", () => {
  it("ships selfSigned certificates as ordinary secret uploads of the container", async () => {
    const foundation = platform.foundation("dev", dev, parent);
    const deployed = platform.deploy("dev-blackbox", blackbox(), dev, foundation, parent);
    await recorder.settle([...foundation.dependsOn, ...deployed.resources]);
    const container = recorder.get("docker:index/container:Container", "dev-blackbox-container");
    const uploads = (container.inputs as any).uploads as { file: string; content: string }[];
    expect(uploads.map((upload) => upload.file)).toEqual(
      expect.arrayContaining(["/etc/tls/blackbox-exporter/tls.crt", "/etc/tls/blackbox-exporter/tls.key"]),
    );
    expect(container.secretPaths).toContain("/uploads");
    const raw = container.rawInputs!["uploads"] as { file: string; content: pulumi.Output<string> }[];
    const key = raw.find((upload) => upload.file.endsWith("tls.key"))!;
    expect(await pulumi.isSecret(key.content)).toBe(true);
    expect(await valueOf(key.content)).toContain(fixtureKeyMarker);
    // Nowhere else in the container's inputs: not in env, labels or args.
    const { uploads: _uploads, ...rest } = container.inputs;
    void _uploads;
    expect(JSON.stringify(rest)).not.toContain(fixtureKeyMarker);
  });

  it("refuses a Kubernetes TLS Secret with a message that says what to use instead", () => {
    const foundation = { scope: pulumi.output("net"), dependsOn: [] };
    const workload = { ...blackbox(), tlsSecret: { secretName: "blackbox-exporter-tls", mountPath: "/etc/tls/bb" } };
    expect(() => platform.deploy("refused", workload, dev, foundation, parent)).toThrow(
      /workload 'blackbox-exporter' asks for the Kubernetes Secret 'blackbox-exporter-tls' at \/etc\/tls\/bb, which Docker cannot mount; on docker use tls.mode none or selfSigned/,
    );
    expect(recorder.resources.some((resource) => resource.name.startsWith("refused-"))).toBe(false);
  });
});
