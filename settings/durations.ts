/**
 * Seconds in a Prometheus duration such as `15s`, `1h30m` or `500ms`, as
 * settings validation admits them (units y, w, d, h, m, s, ms).
 */
export function durationSeconds(text: string): number {
  const units: Record<string, number> = { y: 31536000, w: 604800, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g))
    total += Number(amount) * (units[unit ?? "s"] ?? 0);
  return total;
}
