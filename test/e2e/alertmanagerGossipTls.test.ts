import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { alertmanagerPaths, alertmanagerWorkload } from "../../model/alertmanager";
import { fillSecrets } from "../../model/secrets";
import { tlsDnsNames } from "../../model/tls";
import { webConfigPaths } from "../../model/webConfig";
import { stackSettings, testSecretValues } from "../../scripts/underMocks/stacks";
import { makeTempDir, removeTempDir, writeUnderRoot } from "../helpers/tempFiles";
import { rewriteFilePaths } from "../validators/rewritePaths";
import { makeCa, makeLeaf, makeStackPki, type StackPki } from "../validators/testPki";
import { httpsGet } from "./httpsClient";
import { freePort, startServer, stopServer, waitFor, type RunningServer } from "./processes";

/**
 * Alertmanager gossip over mutual TLS with the prod profile's rendered
 * `--cluster.tls-config`: two Debian Alertmanagers (0.25) on 127.0.0.1 with
 * the stack's certificates form a cluster; a third whose certificate another
 * CA signed is refused by both and stays alone.
 */

const alertmanagerBinary = "/usr/bin/prometheus-alertmanager";
if (!fs.existsSync(alertmanagerBinary)) {
  throw new Error(`${alertmanagerBinary} not found; install it with: apt-get install -y prometheus-alertmanager`);
}

const settings = stackSettings("prod");
const username = settings.auth.basicAuth.username;

let root: string;
let pki: StackPki;
let password: string;
const servers: RunningServer[] = [];
const members: { name: string; api: number; gossip: number }[] = [];
const startedAt = Date.now();

function logs(): string {
  return servers.map((server) => `--- ${server.name}\n${server.log()}`).join("\n");
}

interface ClusterStatus {
  cluster: { status: string; peers: { name: string; address: string }[] };
}

async function status(apiPort: number): Promise<ClusterStatus> {
  const response = await httpsGet(`https://127.0.0.1:${apiPort}/api/v2/status`, {
    ca: pki.ca.certPem,
    basicAuth: { username, password },
  });
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  return JSON.parse(response.body) as ClusterStatus;
}

/** Renders the workload's files below `dir` and returns its web config and gossip TLS config there. */
function render(dir: string, values: Record<string, string>): { web: string; cluster: string } {
  const workload = alertmanagerWorkload(settings);
  const files = workload.files.map((file) => ({ path: file.path, content: fillSecrets(file, values) }));
  writeUnderRoot(dir, files);
  const rewrite = (containerPath: string, name: string): string => {
    const file = files.find((candidate) => candidate.path === containerPath);
    if (file === undefined) throw new Error(`prod Alertmanager ships no ${containerPath}`);
    const target = path.join(dir, name);
    fs.writeFileSync(target, stringify(rewriteFilePaths(parse(file.content), dir)));
    return target;
  };
  return {
    web: rewrite(webConfigPaths("alertmanager").config, "web.yml"),
    cluster: rewrite(alertmanagerPaths.clusterTls, "cluster-tls.yml"),
  };
}

async function startMember(name: string, configs: { web: string; cluster: string }, peers: number[]) {
  const member = { name, api: await freePort(), gossip: await freePort() };
  members.push(member);
  const config = path.join(root, `${name}.yml`);
  fs.writeFileSync(config, stringify({ route: { receiver: "blackhole" }, receivers: [{ name: "blackhole" }] }));
  servers.push(
    startServer(name, alertmanagerBinary, [
      `--config.file=${config}`,
      `--storage.path=${path.join(root, `${name}-data`)}`,
      `--web.listen-address=127.0.0.1:${member.api}`,
      `--web.config.file=${configs.web}`,
      `--cluster.listen-address=127.0.0.1:${member.gossip}`,
      `--cluster.tls-config=${configs.cluster}`,
      ...peers.map((port) => `--cluster.peer=127.0.0.1:${port}`),
    ]),
  );
  return member;
}

beforeAll(async () => {
  root = makeTempDir("e2e-gossip-tls");
  pki = makeStackPki(path.join(root, "pki"), settings, ["127.0.0.1"]);
  const values = { ...testSecretValues(settings), ...pki.secretValues };
  password = values[settings.auth.basicAuth.passwordSecret];
  const stack = render(path.join(root, "stack"), values);

  // An intruder: the same names, a certificate from a CA the stack does not trust.
  const otherCa = makeCa(path.join(root, "other-pki"), "intruder-ca");
  const intruderLeaf = makeLeaf(
    path.join(root, "other-pki"),
    otherCa,
    "alertmanager",
    tlsDnsNames(settings, "alertmanager", 3),
    ["127.0.0.1"],
  );
  // It keeps the stack CA for its web server, so the test's client can still ask it for its status.
  const intruder = render(path.join(root, "intruder"), {
    ...values,
    tlsCertAlertmanager: intruderLeaf.certPem,
    tlsKeyAlertmanager: intruderLeaf.keyPem,
  });
  // Its gossip client trusts the stack CA, so its dial succeeds up to the
  // moment the stack's replica checks the client certificate it presents.
  const intruderCluster = parse(fs.readFileSync(intruder.cluster, "utf8")) as Record<string, Record<string, string>>;
  intruderCluster["tls_client_config"]["ca_file"] = pki.ca.certPath;
  fs.writeFileSync(intruder.cluster, stringify(intruderCluster));
  const intruderWeb = parse(fs.readFileSync(intruder.web, "utf8")) as Record<string, Record<string, string>>;
  intruderWeb["tls_server_config"]["cert_file"] = pki.leaves["alertmanager"].certPath;
  intruderWeb["tls_server_config"]["key_file"] = pki.leaves["alertmanager"].keyPath;
  fs.writeFileSync(intruder.web, stringify(intruderWeb));

  const first = await startMember("alertmanager-0", stack, []);
  // Its gossip port listens once its API answers: the others' first join attempt then meets TLS, not a refused connection.
  await waitFor(() => status(first.api), 30_000, logs);
  await startMember("alertmanager-1", stack, [first.gossip]);
  await startMember("intruder", intruder, [first.gossip]);
}, 60_000);

afterAll(async () => {
  for (const server of servers) await stopServer(server);
  if (root !== undefined) removeTempDir(root);
  console.log(`e2e gossip TLS: ${Date.now() - startedAt} ms`);
});

describe("Alertmanager gossip over the rendered --cluster.tls-config", () => {
  it("the stack's replicas join each other over mutual TLS", async () => {
    for (const member of members.slice(0, 2)) {
      const peers = await waitFor(
        async () => {
          const current = await status(member.api);
          return current.cluster.peers.length === 2 ? current.cluster.peers : undefined;
        },
        45_000,
        logs,
        1_000,
      );
      expect(peers.map((peer) => peer.address).sort()).toEqual(
        members
          .slice(0, 2)
          .map((m) => `127.0.0.1:${m.gossip}`)
          .sort(),
      );
    }
  });

  it("a peer with a certificate from another CA stays outside", async () => {
    const intruder = members[2];
    // The stack's replica refused the certificate the intruder presented (it retries every 10 s).
    const refusal = /failed to join cluster.*(bad certificate|unknown certificate authority)/;
    await waitFor(() => Promise.resolve(refusal.test(servers[2].log()) ? true : undefined), 30_000, logs, 500);
    const seen = await status(intruder.api);
    expect(seen.cluster.peers.map((peer) => peer.address)).toEqual([`127.0.0.1:${intruder.gossip}`]);
    for (const member of members.slice(0, 2)) {
      const current = await status(member.api);
      expect(current.cluster.peers.map((peer) => peer.address)).not.toContain(`127.0.0.1:${intruder.gossip}`);
    }
  });
});
