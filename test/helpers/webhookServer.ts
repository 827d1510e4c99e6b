import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { sleep, type Notification } from "./dockerStack";

/**
 * An Alertmanager webhook receiver in this process: an HTTP server on one
 * address of this machine (on the test cluster, the node's address, which
 * its pods reach and nothing outside the machine does) that keeps every
 * notification posted to it, with the time it arrived.
 */
export class WebhookServer {
  private readonly received: Notification[] = [];

  private constructor(private readonly server: http.Server) {}

  /** Listens on `host`, on a port the system picks. */
  static async start(host: string): Promise<WebhookServer> {
    const server = http.createServer();
    const receiver = new WebhookServer(server);
    server.on("request", (request: http.IncomingMessage, response: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        try {
          const payload = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Notification["payload"];
          receiver.received.push({ seenAt: Date.now(), payload });
          response.writeHead(200, { "Content-Type": "text/plain" }).end("ok\n");
        } catch {
          response.writeHead(400, { "Content-Type": "text/plain" }).end("not a webhook notification\n");
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, host, () => resolve());
    });
    return receiver;
  }

  /** The URL Alertmanager posts to. */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://${address.address}:${address.port}/alert`;
  }

  /** Every notification received so far, oldest first. */
  notifications(): Notification[] {
    return [...this.received];
  }

  /** Resolves with the first notification `match` accepts, or undefined after `timeoutMs`. */
  async waitFor(match: (notification: Notification) => boolean, timeoutMs: number): Promise<Notification | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.received.find(match);
      if (hit !== undefined || Date.now() > deadline) return hit;
      await sleep(500);
    }
  }

  /** Stops listening. */
  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
