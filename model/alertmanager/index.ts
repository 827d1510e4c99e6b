/**
 * Alertmanager: the alertmanager.yml document and the workload that runs it.
 */
export { alertmanagerConfig } from "./config";
export { alertmanagerWorkload } from "./workload";
export { alertmanagerPaths } from "./paths";
