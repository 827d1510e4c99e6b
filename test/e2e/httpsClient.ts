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
}

/**
 * A GET over HTTPS that verifies the server certificate (host name and
 * chain) against `ca`. Rejects on any TLS error, with Node's error code.
 */
export function httpsGet(url: string, options: HttpsOptions): Promise<HttpsResponse> {
  const headers: Record<string, string> = {};
  if (options.basicAuth !== undefined) {
    const { username, password } = options.basicAuth;
    headers["Authorization"] = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }
  return new Promise((resolve, reject) => {
    const request = https.get(
      url,
      { headers, ...(options.ca !== undefined ? { ca: options.ca } : {}), rejectUnauthorized: true, timeout: 5_000 },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`timeout: ${url}`)));
    request.on("error", reject);
  });
}
