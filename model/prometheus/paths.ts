/**
 * Where Prometheus finds its files inside the container. One table so that
 * prometheus.yml, the workload's files and the validator tests (which rewrite
 * these paths into a temporary folder) agree.
 */
export const prometheusPaths = {
  /** The main configuration file. */
  config: "/etc/prometheus/prometheus.yml",
  /** Rule files of the enabled packs; prometheus.yml loads `*.yml` from here. */
  rulesDir: "/etc/prometheus/rules",
  /** Raw secret files (remote-write credentials), so prometheus.yml holds no secret. */
  secretsDir: "/etc/prometheus/secrets",
  /** TSDB directory on the data volume (the image's default working directory). */
  data: "/prometheus",
} as const;

/**
 * The pod's service-account credentials, mounted by Kubernetes, used to talk
 * to the API server (node proxy for the kubelet's cAdvisor).
 */
export const serviceAccountPaths = {
  token: "/var/run/secrets/kubernetes.io/serviceaccount/token",
  ca: "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
} as const;

/** Path of the raw file holding the secret config key `key`. */
export function secretFilePath(key: string): string {
  return `${prometheusPaths.secretsDir}/${key}`;
}
