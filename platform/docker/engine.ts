import * as http from "node:http";

/**
 * What the Docker platform needs to know about the engine it deploys to,
 * asked of the engine itself (`GET /info`, what `docker info` prints): hosts
 * differ in where the engine keeps its data (Debian's /var/lib/docker, a
 * snap's /var/snap/docker/common/var-lib-docker, a NAS volume, a data root
 * set with `--data-root`), and a bind mount of a path the host lacks aborts
 * the whole deployment.
 */
export interface EngineFacts {
  /** The engine's data directory (`DockerRootDir`). */
  readonly dataRoot: string;
  /**
   * Whether the engine runs on this machine (a Unix socket that answered),
   * so that this process can tell which host paths exist.
   */
  readonly local: boolean;
}

/** What is assumed of an engine that cannot be asked (a remote one, or none yet). */
export const assumedEngineFacts: EngineFacts = { dataRoot: "/var/lib/docker", local: false };

/** How long the engine has to answer before the assumption is used. */
const answerTimeoutMs = 5_000;

/**
 * The Unix socket of the engine the docker provider talks to: `DOCKER_HOST`
 * when it names one, the default socket when `DOCKER_HOST` is unset, and
 * `undefined` for a remote engine (tcp://, ssh://).
 */
export function engineSocket(dockerHost: string | undefined): string | undefined {
  if (dockerHost === undefined || dockerHost === "") return "/var/run/docker.sock";
  return dockerHost.startsWith("unix://") ? dockerHost.slice("unix://".length) : undefined;
}

/** The engine's `/info` document over its Unix socket; rejects on any failure. */
function engineInfo(socketPath: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath, path: "/info", timeout: answerTimeoutMs }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        if (response.statusCode !== 200) {
          reject(new Error(`GET /info answered ${String(response.statusCode)}`));
          return;
        }
        try {
          resolve(JSON.parse(body) as Record<string, unknown>);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${answerTimeoutMs} ms`)));
    request.on("error", reject);
  });
}

/**
 * Asks the engine named by `dockerHost` for its facts; the assumed facts
 * when it is remote or does not answer (the docker provider then reports the
 * engine's absence itself, in its own words).
 */
export async function askEngine(dockerHost: string | undefined): Promise<EngineFacts> {
  const socket = engineSocket(dockerHost);
  if (socket === undefined) return assumedEngineFacts;
  try {
    const info = await engineInfo(socket);
    const dataRoot = info["DockerRootDir"];
    return typeof dataRoot === "string" && dataRoot.startsWith("/") ? { dataRoot, local: true } : assumedEngineFacts;
  } catch {
    return assumedEngineFacts;
  }
}

let asked: Promise<EngineFacts> | undefined;

/** The facts of the engine this program deploys to, asked once per program run. */
export function engineFacts(): Promise<EngineFacts> {
  asked ??= askEngine(process.env["DOCKER_HOST"]);
  return asked;
}
