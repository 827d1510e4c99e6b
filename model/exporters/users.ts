/** The unprivileged `nobody` user of the Prometheus project's images. */
export const nobody = { uid: 65534, gid: 65534 } as const;
