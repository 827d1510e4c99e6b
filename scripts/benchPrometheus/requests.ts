/** Ports and HTTP requests on 127.0.0.1, each bounded in time so that a hung server cannot hang the bench. */
import * as net from "node:net";

/** A port free at the time of asking (Prometheus cannot report the port it picked for :0). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** GET or POST with a bounded wait: a hung server must not hang the bench. */
export async function request(url: string, method = "GET"): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { method, signal: AbortSignal.timeout(30_000) });
  return { status: response.status, body: await response.text() };
}

/** `request`, or undefined while the server does not answer yet (while polling). */
export async function requestWhenUp(url: string): Promise<{ status: number; body: string } | undefined> {
  return request(url).catch(() => undefined);
}
