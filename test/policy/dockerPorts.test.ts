import { describe, expect, it } from "vitest";
import { dockerPortsOnLoopback } from "../../policy/policies/dockerPorts";
import { checkResource, messages } from "./harness";
import { dockerContainer } from "./fixtures";

describe("docker-ports-on-loopback", () => {
  it("passes ports published on 127.0.0.1 and containers that publish nothing", async () => {
    expect(await checkResource(dockerPortsOnLoopback, dockerContainer("prometheus"))).toEqual([]);
    expect(await checkResource(dockerPortsOnLoopback, dockerContainer("node-exporter", { ports: [] }))).toEqual([]);
  });

  it("rejects a port on every interface, explicit or by default", async () => {
    const resource = dockerContainer("grafana", {
      ports: [
        { internal: 3000, external: 3000, ip: "0.0.0.0" },
        { internal: 3001, external: 3001 },
      ],
    });
    expect(messages(await checkResource(dockerPortsOnLoopback, resource))).toEqual([
      "container obs-dev-grafana: port 3000 is published on 0.0.0.0; set ip: 127.0.0.1",
      "container obs-dev-grafana: port 3001 is published on 0.0.0.0 (every interface); set ip: 127.0.0.1",
    ]);
  });

  it("rejects the host network and publishAllPorts", async () => {
    const resource = dockerContainer("node-exporter", { ports: [], networkMode: "host", publishAllPorts: true });
    expect(messages(await checkResource(dockerPortsOnLoopback, resource))).toEqual([
      "container obs-dev-node-exporter: networkMode host exposes every listening port on every interface; use the stack's network",
      "container obs-dev-node-exporter: publishAllPorts publishes the image's ports on every interface; list ports with ip: 127.0.0.1",
    ]);
  });
});
