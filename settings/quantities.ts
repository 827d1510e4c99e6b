/**
 * Kubernetes resource quantities read as numbers: the settings compare
 * requests with limits, and the Docker platform converts them to the units
 * its provider takes (platform/docker/quantities.ts).
 */

const binarySuffixes: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const decimalSuffixes: Readonly<Record<string, number>> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * Bytes in a Kubernetes quantity such as `512Mi`, `1Gi`, `500M` or `1048576`.
 * @throws on anything else (settings validation lets only these through).
 */
export function quantityBytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(quantity);
  if (!match) throw new Error(`'${quantity}' is not a Kubernetes memory quantity such as 512Mi or 1Gi`);
  const unit = match[2];
  const factor = unit === undefined ? 1 : (binarySuffixes[unit] ?? decimalSuffixes[unit] ?? 1);
  return Number(match[1]) * factor;
}

/**
 * Millicores in a Kubernetes CPU quantity: `250m` → 250, `1.5` → 1500.
 * Fractions of a millicore round up, as the kubelet does.
 * @throws on anything that is not a CPU quantity.
 */
export function cpuMillicores(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(m)?$/.exec(quantity);
  if (!match) throw new Error(`'${quantity}' is not a Kubernetes CPU quantity such as 250m, 1 or 1.5`);
  return match[2] === "m" ? Math.ceil(Number(match[1])) : Math.round(Number(match[1]) * 1000);
}
