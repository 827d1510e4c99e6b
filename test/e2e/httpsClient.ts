import * as http from "node:http";
import * as https from "node:https";

/** What a request came back with. */
export interface HttpsResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/** How to call: whom to trust and which credentials to send. */
export interface HttpsOptions {
  /** CA certificates to trust; `undefined` means Node's default trust store. */
  readonly ca?: string;
  readonly basicAuth?: { readonly username: string; readonly password: string };
  /** A client certificate and its key (PEM), for servers that authenticate clients by certificate. */
  readonly clientCertificate?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** The name the server's certificate must carry, when the URL names it by address (e.g. a pod IP). */
  readonly serverName?: string;
}

/** A request: method, body and headers besides whom to trust and the credentials. */
export interface RequestOptions extends HttpsOptions {
  readonly method?: string;
  readonly body?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  /** Milliseconds before the request is abandoned (default 5 s). */
  readonly timeoutMs?: number;
}

/**
 * An HTTP or HTTPS request (by the URL's scheme). Over HTTPS the server
 * certificate (host name and chain) is verified against `ca`; rejects on any
 * TLS or connection error, with Node's error code.
 */
export function httpRequest(url: string, options: RequestOptions = {}): Promise<HttpsResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.basicAuth !== undefined) {
    const { username, password } = options.basicAuth;
    headers["Authorization"] = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }
  if (options.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(options.body));
  const secure = url.startsWith("https:");
  const client = secure ? https : http;
  const timeout = options.timeoutMs ?? 5_000;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: options.method ?? "GET",
        headers,
        timeout,
        ...(secure
          ? {
              rejectUnauthorized: true,
              ...(options.ca !== undefined ? { ca: options.ca } : {}),
              ...(options.clientCertificate ?? {}),
              ...(options.serverName !== undefined ? { servername: options.serverName } : {}),
            }
          : {}),
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`timeout after ${timeout} ms: ${url}`)));
    request.on("error", reject);
    request.end(options.body);
  });
}

/** A GET over HTTPS that verifies the server certificate against `ca` (see httpRequest). */
export function httpsGet(url: string, options: HttpsOptions): Promise<HttpsResponse> {
  return httpRequest(url, options);
}
