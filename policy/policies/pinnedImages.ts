import type { ResourceValidationPolicy } from "@pulumi/policy";
import { dockerLabel, dockerName, dockerTypes, imageLabel } from "../shapes/docker";
import { asString } from "../shapes/json";
import { containersOf, describeObject, podSpecOf } from "../shapes/kubernetes";

/**
 * Pinned images: what runs is what `pulumi preview` showed and what staging
 * tested. `:latest` (or no tag, which means it) moves under a running stack
 * and makes two nodes run different code.
 */

const sha256 = /^sha256:[0-9a-f]{64}$/;

/**
 * Why an image reference is not pinned, or `undefined` when it is: it has a
 * sha256 digest, or a tag other than `latest`. A bare `sha256:` image ID
 * (what a Docker container gets from its RemoteImage) is pinned.
 */
export function unpinnedReason(reference: string): string | undefined {
  if (sha256.test(reference)) return undefined;
  const [nameAndTag, digest] = reference.split("@", 2);
  if (digest !== undefined) return sha256.test(digest) ? undefined : `its digest '${digest}' is not a sha256 digest`;
  // A colon before the last slash belongs to the registry's port, not to a tag.
  const tagStart = nameAndTag.indexOf(":", nameAndTag.lastIndexOf("/") + 1);
  if (tagStart < 0) return "it has no tag or digest (that means :latest)";
  const tag = nameAndTag.slice(tagStart + 1);
  if (tag === "") return "its tag is empty";
  return tag === "latest" ? "it uses the moving tag :latest" : undefined;
}

const fix = "pin an exact version tag or a @sha256 digest (settings/versions.ts)";

export const pinnedImages: ResourceValidationPolicy = {
  name: "pinned-images",
  description:
    "Every image is pinned: a tag other than latest, or a sha256 digest (Kubernetes containers, Docker containers by their image label, and RemoteImages).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const podSpec = podSpecOf(args.type, args.props);
    if (podSpec !== undefined) {
      for (const { container, list, name } of containersOf(podSpec)) {
        const image = asString(container["image"]);
        const reason = image === undefined ? "it has no image" : unpinnedReason(image);
        if (reason !== undefined) {
          reportViolation(
            `${describeObject(args.type, args.props, args.name)}: ${list} '${name}' image ${image ?? ""} is not pinned: ${reason}; ${fix}`,
          );
        }
      }
      return;
    }
    const field =
      args.type === dockerTypes.remoteImage ? "name" : args.type === dockerTypes.container ? "image" : undefined;
    if (field === undefined) return;
    // A container's `image` is its RemoteImage's ID, unknown until apply:
    // reading it during a preview would turn this policy into an advisory
    // "cannot run during preview". The stack labels each container with the
    // reference it runs; only a container without that label is judged by
    // its `image` field.
    const labelled = args.type === dockerTypes.container ? dockerLabel(args.props, imageLabel) : undefined;
    const image = labelled ?? asString(args.props[field]);
    const reason = image === undefined ? undefined : unpinnedReason(image);
    if (reason !== undefined) {
      const subject =
        args.type === dockerTypes.remoteImage
          ? `RemoteImage ${args.name}`
          : `container ${dockerName(args.props, args.name)}`;
      reportViolation(`${subject}: image ${image ?? ""} is not pinned: ${reason}; ${fix}`);
    }
  },
};
