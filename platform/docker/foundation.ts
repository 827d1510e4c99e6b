import * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedSettings } from "../../settings/validate";
import type { Foundation } from "../types";
import { labelKeys, labelList, networkName } from "./names";

/**
 * The stack's one bridge network. Every container joins it with its role as
 * alias, which is how the model's `<role>:<port>` addresses resolve. Not
 * `internal`: containers must reach apps on the developer's machine through
 * host.docker.internal and Grafana must reach plugin and update sites.
 */
export function dockerFoundation(name: string, settings: ResolvedSettings, parent: pulumi.Resource): Foundation {
  const network = new docker.Network(
    `${name}-network`,
    {
      name: networkName(settings),
      driver: "bridge",
      internal: false,
      labels: labelList({ [labelKeys.stack]: settings.stack }),
    },
    // Fixed name: the old network must go before its replacement can take the name.
    { parent, deleteBeforeReplace: true },
  );
  return { scope: network.name, dependsOn: [network] };
}
