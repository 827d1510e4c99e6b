import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

// Run with `pulumi preview --policy-pack policy --policy-pack-config policy/config/<environment>.json`
// (README.md). Every violation is mandatory: it fails the preview or update.
new PolicyPack("observability-stack", {
  description:
    "The observability stack's invariants: pod security, persistence, HA, TLS, auth, exposure, limits, pinned images, secrets.",
  enforcementLevel: "mandatory",
  policies,
});
