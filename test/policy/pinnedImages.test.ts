import { describe, expect, it } from "vitest";
import { pinnedImages, unpinnedReason } from "../../policy/policies/pinnedImages";
import { checkResource, messages } from "./harness";
import { copy, dockerContainer, firstContainer, prometheusStatefulSet } from "./fixtures";

const digest = "sha256:" + "0123456789abcdef".repeat(4);

describe("unpinnedReason", () => {
  it("accepts exact tags, digests and image IDs", () => {
    for (const reference of [
      "quay.io/prometheus/prometheus:v3.5.0",
      "registry.local:5000/grafana/grafana:12.0.2",
      `docker.io/grafana/grafana@${digest}`,
      `docker.io/grafana/grafana:latest@${digest}`,
      digest,
    ]) {
      expect(unpinnedReason(reference)).toBeUndefined();
    }
  });

  it("rejects latest, missing tags (a registry port is not a tag) and malformed digests", () => {
    expect(unpinnedReason("grafana/grafana:latest")).toBe("it uses the moving tag :latest");
    expect(unpinnedReason("registry.local:5000/grafana/grafana")).toBe("it has no tag or digest (that means :latest)");
    expect(unpinnedReason("grafana/grafana@sha256:abc")).toBe("its digest 'sha256:abc' is not a sha256 digest");
  });
});

describe("pinned-images", () => {
  it("passes pinned Kubernetes, Docker container and RemoteImage images", async () => {
    expect(await checkResource(pinnedImages, prometheusStatefulSet())).toEqual([]);
    expect(await checkResource(pinnedImages, dockerContainer("prometheus"))).toEqual([]);
    const remote = {
      type: "docker:index/remoteImage:RemoteImage",
      name: "img",
      props: { name: "quay.io/prometheus/prometheus:v3.5.0" },
    };
    expect(await checkResource(pinnedImages, remote)).toEqual([]);
  });

  it("judges a Docker container by its image label, never reading the image ID a preview cannot know", async () => {
    const labelled = (image: string) => {
      const container = dockerContainer("prometheus");
      const labels = [...(container.props["labels"] as object[]), { label: "observability-stack.image", value: image }];
      // As @pulumi/policy's preview does for an unknown value: reading it throws.
      const props = new Proxy(
        { ...container.props, labels },
        {
          get: (target, key) => {
            if (key === "image") throw new Error("the image ID is unknown during preview");
            return Reflect.get(target, key) as unknown;
          },
        },
      );
      return { ...container, props };
    };
    expect(await checkResource(pinnedImages, labelled("quay.io/prometheus/prometheus:v3.5.0"))).toEqual([]);
    expect(messages(await checkResource(pinnedImages, labelled("quay.io/prometheus/prometheus:latest")))).toEqual([
      "container obs-dev-prometheus: image quay.io/prometheus/prometheus:latest is not pinned: it uses the moving tag :latest; pin an exact version tag or a @sha256 digest (settings/versions.ts)",
    ]);
  });

  it("rejects :latest on Kubernetes", async () => {
    const resource = copy(prometheusStatefulSet());
    firstContainer(resource)["image"] = "quay.io/prometheus/prometheus:latest";
    expect(messages(await checkResource(pinnedImages, resource))).toEqual([
      "StatefulSet observability-prod/prometheus: containers 'prometheus' image quay.io/prometheus/prometheus:latest is not pinned: it uses the moving tag :latest; pin an exact version tag or a @sha256 digest (settings/versions.ts)",
    ]);
  });

  it("rejects an untagged RemoteImage and Docker container image", async () => {
    const remote = { type: "docker:index/remoteImage:RemoteImage", name: "img", props: { name: "grafana/grafana" } };
    expect(messages(await checkResource(pinnedImages, remote))).toEqual([
      "RemoteImage img: image grafana/grafana is not pinned: it has no tag or digest (that means :latest); pin an exact version tag or a @sha256 digest (settings/versions.ts)",
    ]);
    expect(
      messages(await checkResource(pinnedImages, dockerContainer("grafana", { image: "grafana/grafana:latest" }))),
    ).toEqual([
      "container obs-dev-grafana: image grafana/grafana:latest is not pinned: it uses the moving tag :latest; pin an exact version tag or a @sha256 digest (settings/versions.ts)",
    ]);
  });
});
