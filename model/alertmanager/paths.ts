/** Where Alertmanager finds its files inside the container. */
export const alertmanagerPaths = {
  /** The configuration file; stored as a Secret because receivers embed credentials. */
  config: "/etc/alertmanager/alertmanager.yml",
  /**
   * Gossip TLS settings (`--cluster.tls-config`): file paths only, no
   * secret, in a directory of its own so it stays a plain file.
   */
  clusterTls: "/etc/alertmanager/cluster/tls.yml",
  /** Silences and notification log, on the data volume (the image's default). */
  data: "/alertmanager",
} as const;
