/**
 * Kubernetes resource quantities (the settings' unit) converted to what the
 * Docker provider takes: memory as a whole number of MiB (the provider's
 * `memory` field says "MBs" but multiplies by 1024×1024 and reads the limit
 * back divided by 1024×1024), CPU as a CFS quota in microseconds.
 */

import { cpuMillicores, quantityBytes } from "../../settings/quantities";

/**
 * Memory limit in MiB for the provider's `memory` field. Rounded up, so a
 * decimal quantity (`500M` ≈ 476.8 MiB) never becomes a tighter limit than asked.
 */
export function memoryMiB(quantity: string): number {
  return Math.ceil(quantityBytes(quantity) / 2 ** 20);
}

/** The CFS scheduler period the CPU limit is expressed in (Docker's default, 100 ms). */
export const cpuPeriodMicros = 100_000;

/**
 * CPU limit as a CFS quota per {@link cpuPeriodMicros} (`docker run
 * --cpu-period --cpu-quota`): `500m` → 50 000 µs, `2` → 200 000 µs. Both are
 * integers the provider stores as given and never reads back from the
 * engine, so they cannot drift. (Its `cpus` string is read back in the
 * engine's own spelling — `"1"` comes back as `"1.0"`, `50m` as `"0.1"` —
 * and is ForceNew, so every preview replaced the container.)
 * @throws on anything that is not a CPU quantity, or on a limit below the
 * kernel's 1 ms minimum quota (10m).
 */
export function cpuQuotaMicros(quantity: string): number {
  const millicores = cpuMillicores(quantity);
  if (millicores <= 0) throw new Error(`CPU limit '${quantity}' must be more than zero`);
  const quota = millicores * (cpuPeriodMicros / 1000);
  if (quota < 1000)
    throw new Error(`CPU limit '${quantity}' is below the 10m that Docker can enforce; raise it to 10m or more`);
  return quota;
}
