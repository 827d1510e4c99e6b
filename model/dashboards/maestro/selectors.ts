import { maestroJob } from "../../metrics/maestro";

/**
 * The label matchers both Maestro dashboards build their queries from, kept
 * in one place so that the dashboards select exactly what the pack's rules
 * and SLO specs select.
 */

/** The API's own series: the scrape job sets `service` to its name. */
export const api = `service="${maestroJob}"`;

/** `sloth_id` of the availability SLO in `slos/maestro/api.yml`. */
export const availabilitySlo = `sloth_id="${maestroJob}-requests-availability"`;

/** `sloth_id` of the latency SLO in `slos/maestro/api.yml`. */
export const latencySlo = `sloth_id="${maestroJob}-requests-latency"`;

/** Both SLOs of the service, for tables and multi-SLO panels. */
export const serviceSlos = `sloth_service="${maestroJob}"`;
