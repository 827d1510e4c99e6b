import { durationSeconds } from "../durations";
import { problemAt, type SettingsProblem } from "../errors";
import type { StackSettings } from "../schema";

/**
 * A scrape never outlasts its interval (Prometheus refuses the config): the
 * services' own timeouts and intervals, the database exporters' slower
 * intervals, and the stack's defaults.
 */
export function scrapeTimingProblems(settings: StackSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const { scrapeInterval, scrapeTimeout } = settings.prometheus;
  settings.services.forEach((service, index) => {
    const interval = service.scrapeInterval ?? scrapeInterval;
    const timeout = service.scrapeTimeout ?? scrapeTimeout;
    if (durationSeconds(timeout) > durationSeconds(interval)) {
      problems.push(
        problemAt(
          `services[${index}].scrapeTimeout`,
          `must not be longer than the scrape interval (${interval})`,
          timeout,
        ),
      );
    }
  });
  for (const [list, exporters] of [
    ["exporters.postgres", settings.exporters.postgres],
    ["exporters.redis", settings.exporters.redis],
  ] as const) {
    exporters.forEach((exporter, index) => {
      const interval = exporter.scrapeInterval;
      if (interval !== undefined && durationSeconds(scrapeTimeout) > durationSeconds(interval)) {
        problems.push(
          problemAt(
            `${list}[${index}].scrapeInterval`,
            `must not be shorter than prometheus.scrapeTimeout (${scrapeTimeout})`,
            interval,
          ),
        );
      }
    });
  }
  if (durationSeconds(scrapeTimeout) > durationSeconds(scrapeInterval)) {
    problems.push(
      problemAt(
        "prometheus.scrapeTimeout",
        `must not be longer than prometheus.scrapeInterval (${scrapeInterval})`,
        scrapeTimeout,
      ),
    );
  }
  return problems;
}
