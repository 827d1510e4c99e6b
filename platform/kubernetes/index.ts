import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedSettings } from "../../settings/validate";
import type { DeployedWorkload, Foundation, Platform, ResolvedWorkload } from "../types";
import { issueCertificates } from "./certificates";
import { checkWorkload } from "./checks";
import { configChecksum, createConfigObjects } from "./configFiles";
import { createController } from "./controller";
import { createDisruptionBudget } from "./disruption";
import { createFoundation } from "./foundation";
import { createUiIngress } from "./ingress";
import { createNetworkPolicy } from "./networkPolicy";
import { placementOf } from "./placement";
import { podTemplate } from "./podTemplate";
import { createIdentity } from "./rbac";
import { createServices } from "./services";

/**
 * Kubernetes objects for one workload. Objects are named after the role
 * (`metadata.name`), not auto-named: the model addresses every workload as
 * `<role>.<ns>.svc` and StatefulSet replicas as
 * `<role>-<i>.<role>-headless.<ns>.svc` before anything exists. Only the
 * ConfigMaps and Secrets (replaced on change, except those of files the
 * workload reloads live; see configFiles.ts) and the cluster-wide RBAC
 * objects (unique across stacks) are auto-named.
 */
function deploy(
  name: string,
  workload: ResolvedWorkload,
  settings: ResolvedSettings,
  foundation: Foundation,
  parent: pulumi.Resource,
): DeployedWorkload {
  checkWorkload(workload);
  const placement = placementOf(workload, settings, foundation, parent);
  const config = createConfigObjects(name, workload.role, workload.files, placement);
  const identity = createIdentity(name, workload, placement);
  const template = podTemplate(workload, {
    configs: config.mounts,
    configChecksum: configChecksum(workload.files),
    serviceAccountName: identity.serviceAccountName,
  });
  const controller = createController(name, workload, settings, template, placement);
  const services = createServices(name, workload, placement);
  const budget = createDisruptionBudget(name, workload, placement);
  const policy = createNetworkPolicy(name, workload, settings, placement);
  const ui = createUiIngress(name, workload, settings, placement);

  const resources: pulumi.Resource[] = [
    ...config.resources,
    ...identity.resources,
    controller,
    ...services,
    ...(budget ? [budget] : []),
    policy,
    ...(ui?.secret ? [ui.secret] : []),
    ...(ui ? [ui.ingress] : []),
  ];
  return ui ? { uiUrl: ui.url, resources } : { resources };
}

/** The Kubernetes target: staging and prod. */
export const kubernetesPlatform: Platform = {
  target: "kubernetes",
  foundation: createFoundation,
  issueCertificates,
  deploy,
};
