import { createHash } from "node:crypto";

/**
 * Turns a path such as `/etc/prometheus/rules` into a DNS label
 * (`etc-prometheus-rules`) for volume and Pulumi resource names. Paths that
 * would exceed `max` keep a readable prefix and end in a short hash, so two
 * long paths never collide.
 */
export function dnsLabelFromPath(path: string, max = 63): string {
  const cleaned = path
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const slug = cleaned === "" ? "root" : cleaned;
  if (slug.length <= max) return slug;
  const hash = createHash("sha256").update(path).digest("hex").slice(0, 8);
  return `${slug.slice(0, max - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** Directory part of an absolute file path (`/etc/x/a.yml` → `/etc/x`). */
export function directoryOf(path: string): string {
  const index = path.lastIndexOf("/");
  return index <= 0 ? "/" : path.slice(0, index);
}

/** File name part of a path (`/etc/x/a.yml` → `a.yml`). */
export function baseNameOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
