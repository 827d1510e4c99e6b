/**
 * Prometheus: the prometheus.yml document and the workload that runs it.
 * Everything else in this folder is a piece of one of those two.
 */
export { prometheusConfig } from "./config";
export { prometheusWorkload } from "./workload";
export { prometheusPaths, serviceAccountPaths, secretFilePath } from "./paths";
export { rewriteRunbookUrls, ruleFiles } from "./ruleFiles";
