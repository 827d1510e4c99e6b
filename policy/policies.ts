import type { Policies } from "@pulumi/policy";
import { dockerPortsOnLoopback } from "./policies/dockerPorts";
import { grafanaNoAnonymous } from "./policies/grafanaAnonymous";
import { hostAccessOnlyInHostNamespace, podSecurityRestricted } from "./policies/podSecurity";
import { pinnedImages } from "./policies/pinnedImages";
import { replicasForHighAvailability } from "./policies/replicas";
import { resourceLimits } from "./policies/resourceLimits";
import { noSecretLiteralsInEnv, noSecretsInConfigMaps } from "./policies/secrets";
import { noExternalServices } from "./policies/services";
import { statefulDataOnVolumes } from "./policies/statefulVolumes";
import {
  grafanaServesHttps,
  noInsecureSkipVerify,
  prometheusUsesTls,
  tlsOnIngresses,
  tlsOnServers,
} from "./policies/tls";

/**
 * Every policy of the pack, kept apart from index.ts so that tests can run
 * them without starting the policy server that `new PolicyPack` starts.
 */
export const policies: Policies = [
  podSecurityRestricted,
  hostAccessOnlyInHostNamespace,
  statefulDataOnVolumes,
  replicasForHighAvailability,
  tlsOnServers,
  tlsOnIngresses,
  grafanaServesHttps,
  prometheusUsesTls,
  noInsecureSkipVerify,
  grafanaNoAnonymous,
  dockerPortsOnLoopback,
  noExternalServices,
  resourceLimits,
  pinnedImages,
  noSecretsInConfigMaps,
  noSecretLiteralsInEnv,
];
