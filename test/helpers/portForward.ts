import * as net from "node:net";
import type { AddressInfo } from "node:net";

/** A forwarded port; stop closes it and every connection through it. */
export interface PortForward {
  /** The port on 127.0.0.1. */
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * What `kubectl port-forward` gives a person: a port on 127.0.0.1 whose
 * connections are piped, byte for byte, to an address that only this
 * machine reaches (on the test cluster, a Service's cluster IP, routed by
 * kube-proxy). A client then uses `https://localhost:<port>/`, a name the
 * stack's certificates carry, and TLS is still end to end.
 */
export async function forwardPort(host: string, port: number): Promise<PortForward> {
  const connections = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host, port });
    for (const socket of [client, upstream]) {
      connections.add(socket);
      socket.on("close", () => connections.delete(socket));
    }
    client.pipe(upstream).pipe(client);
    // Either side failing ends both: the client sees the connection close, as through kubectl.
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of connections) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
