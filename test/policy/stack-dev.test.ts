import { beforeAll, describe, expect, it } from "vitest";
import type { StackResource } from "./harness";
import { stackResources, violationsOf, withChange } from "./stackUnderPolicy";

// One stack per file: Pulumi's runtime state (mocks, config) is global per process.

type Json = Record<string, unknown>;

const container = "docker:index/container:Container";

let resources: StackResource[];

beforeAll(async () => {
  resources = await stackResources("dev");
});

describe("the dev stack under the policy pack", () => {
  it("produces zero violations, checked as dev", async () => {
    expect(resources.filter((resource) => resource.type === container).length).toBeGreaterThan(4);
    expect(await violationsOf(resources, "dev")).toEqual([]);
  });

  const seeded: [policy: string, type: string, name: string, change: (props: Json) => void][] = [
    [
      "docker-ports-on-loopback",
      container,
      "observability-grafana-container",
      (props) => {
        (props["ports"] as Json[])[0]["ip"] = "0.0.0.0";
      },
    ],
    [
      "stateful-data-on-volumes",
      container,
      "observability-prometheus-container",
      (props) => {
        delete props["volumes"];
      },
    ],
    [
      "grafana-no-anonymous",
      container,
      "observability-grafana-container",
      (props) => {
        props["envs"] = (props["envs"] as string[]).map((env) =>
          env.replace("GF_AUTH_ANONYMOUS_ENABLED=false", "GF_AUTH_ANONYMOUS_ENABLED=true"),
        );
      },
    ],
    [
      "resource-limits",
      container,
      "observability-jaeger-container",
      (props) => {
        delete props["memory"];
      },
    ],
    [
      "pinned-images",
      "docker:index/remoteImage:RemoteImage",
      "observability-grafana-image",
      (props) => {
        props["name"] = "docker.io/grafana/grafana";
      },
    ],
  ];

  it.each(seeded)("reports a seeded violation of %s", async (policy, type, name, change) => {
    const violations = await violationsOf(withChange(resources, type, name, change), "dev");
    expect(violations.map((violation) => violation.policy)).toEqual([policy]);
  });
});
