import type { HealthCheck } from "../workload";

/**
 * An HTTP health check on one port, for liveness and readiness alike.
 * `wget` names images that carry BusyBox wget (the Prometheus project's
 * busybox-based images, Alpine ones); images built `FROM scratch` or
 * distroless cannot be checked from inside, so Docker gets `none`.
 */
export function httpHealth(
  path: string,
  port: { readonly name: string; readonly number: number },
  tool: "wget" | "none",
): HealthCheck {
  return {
    liveness: { path, port: port.name },
    readiness: { path, port: port.name },
    docker:
      tool === "wget" ? ["CMD", "wget", "-q", "-O", "/dev/null", `http://127.0.0.1:${port.number}${path}`] : "none",
  };
}

/** The unprivileged `nobody` user of the Prometheus project's images. */
export const nobody = { uid: 65534, gid: 65534 } as const;
