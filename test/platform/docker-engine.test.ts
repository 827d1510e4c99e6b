import * as http from "node:http";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askEngine, assumedEngineFacts, engineSocket } from "../../platform/docker/engine";
import { hostMounts } from "../../platform/docker/hostMounts";
import { makeTempDir, removeTempDir } from "../helpers/tempFiles";

describe("engineSocket", () => {
  it("is DOCKER_HOST's Unix socket, the default one when unset, none for a remote engine", () => {
    expect(engineSocket(undefined)).toBe("/var/run/docker.sock");
    expect(engineSocket("")).toBe("/var/run/docker.sock");
    expect(engineSocket("unix:///run/user/1000/docker.sock")).toBe("/run/user/1000/docker.sock");
    expect(engineSocket("tcp://10.0.0.5:2376")).toBeUndefined();
    expect(engineSocket("ssh://me@build-box")).toBeUndefined();
  });
});

describe("askEngine", () => {
  let dir: string;
  let server: http.Server;
  let answer: { status: number; body: string };

  beforeAll(async () => {
    dir = makeTempDir("engine-socket");
    server = http.createServer((request, response) => {
      response.statusCode = request.url === "/info" ? answer.status : 404;
      response.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(path.join(dir, "docker.sock"), resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    removeTempDir(dir);
  });

  it("reads the data root of a local engine from GET /info", async () => {
    answer = { status: 200, body: JSON.stringify({ DockerRootDir: "/srv/docker-data", Driver: "overlay2" }) };
    expect(await askEngine(`unix://${path.join(dir, "docker.sock")}`)).toEqual({
      dataRoot: "/srv/docker-data",
      local: true,
    });
  });

  it("assumes the defaults when the engine is remote, absent or answers nonsense", async () => {
    expect(await askEngine("tcp://10.0.0.5:2376")).toEqual(assumedEngineFacts);
    expect(await askEngine(`unix://${path.join(dir, "absent.sock")}`)).toEqual(assumedEngineFacts);
    answer = { status: 500, body: "broken" };
    expect(await askEngine(`unix://${path.join(dir, "docker.sock")}`)).toEqual(assumedEngineFacts);
    answer = { status: 200, body: JSON.stringify({ DockerRootDir: 7 }) };
    expect(await askEngine(`unix://${path.join(dir, "docker.sock")}`)).toEqual(assumedEngineFacts);
  });
});

describe("hostMounts", () => {
  const host = {
    mounts: [
      { hostPath: "/sys", mountPath: "/sys", readOnly: true },
      { hostPath: "/dev/disk", mountPath: "/dev/disk", readOnly: true, optional: true },
    ],
    engineDataRoot: true,
  };
  const local = { dataRoot: "/srv/docker-data", local: true };

  it("mounts the engine's data root at its own path, read-only", () => {
    expect(hostMounts(host, local, () => true)).toEqual([
      { type: "bind", source: "/sys", target: "/sys", readOnly: true },
      { type: "bind", source: "/dev/disk", target: "/dev/disk", readOnly: true },
      { type: "bind", source: "/srv/docker-data", target: "/srv/docker-data", readOnly: true },
    ]);
  });

  it("leaves out an optional path the host lacks, and every optional path on a remote engine", () => {
    const sources = (facts: typeof local, exists: (p: string) => boolean) =>
      hostMounts(host, facts, exists).map((mount) => mount.source);
    expect(sources(local, (p) => p !== "/dev/disk")).toEqual(["/sys", "/srv/docker-data"]);
    expect(sources(assumedEngineFacts, () => true)).toEqual(["/sys", "/var/lib/docker"]);
  });

  it("has nothing for a workload without host access", () => {
    expect(hostMounts(undefined, local, () => true)).toEqual([]);
  });
});
