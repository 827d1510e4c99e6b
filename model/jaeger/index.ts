/** Jaeger v2: configuration document and workload. */
export { jaegerConfig, jaegerConfigYaml, jaegerHealthPath } from "./config";
export { jaegerDataPath, storageBackend } from "./storage";
export { jaegerConfigPath, jaegerWorkload } from "./workload";
