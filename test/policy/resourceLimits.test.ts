import { describe, expect, it } from "vitest";
import { resourceLimits } from "../../policy/policies/resourceLimits";
import { checkResource, messages } from "./harness";
import { copy, dockerContainer, firstContainer, prometheusStatefulSet } from "./fixtures";

describe("resource-limits", () => {
  it("passes containers with cpu and memory limits, and Docker containers with memory", async () => {
    expect(await checkResource(resourceLimits, prometheusStatefulSet())).toEqual([]);
    expect(await checkResource(resourceLimits, dockerContainer("prometheus"))).toEqual([]);
  });

  it("rejects a Kubernetes container with requests only or a cpu limit only", async () => {
    const resource = copy(prometheusStatefulSet());
    firstContainer(resource)["resources"] = { requests: { cpu: "1", memory: "1Gi" } };
    expect(messages(await checkResource(resourceLimits, resource))).toEqual([
      "StatefulSet observability-prod/prometheus: containers 'prometheus' has no resources.limits.cpu or memory",
    ]);
    firstContainer(resource)["resources"] = { limits: { cpu: "1" } };
    expect(messages(await checkResource(resourceLimits, resource))).toEqual([
      "StatefulSet observability-prod/prometheus: containers 'prometheus' has no resources.limits.memory",
    ]);
  });

  it("rejects a Docker container without memory limit", async () => {
    expect(messages(await checkResource(resourceLimits, dockerContainer("jaeger", { memory: undefined })))).toEqual([
      "container obs-dev-jaeger has no memory limit; set memory (MB)",
    ]);
  });
});
