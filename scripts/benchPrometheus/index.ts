/**
 * npx tsx scripts/benchPrometheus/index.ts (or `npm run bench -- prometheus`)
 *
 * Issue 15 (performance at scale), the Prometheus side: what the rules and the
 * scrape configuration of a platform team's stack (scripts/underMocks/scaleStack.ts:
 * 1,000 services, 200 SLOs over the first 100) cost a live Prometheus 3.5.
 * Figures only, never assertions: the machine is shared and small.
 *
 * - SLO rules, ours against Sloth's for the same SLOs: each rule set loaded
 *   into its own Prometheus, fed synthetic series of the 100 services (a day
 *   backfilled with promtool, then scraped live), sampled over several
 *   evaluation cycles; then ours with every pack's rule files beside them.
 * - The dev stack's prometheus.yml for 1,000 services: startup, first scrape
 *   of every target, reload and memory, with every target pointed at a
 *   synthetic server so that scrapes succeed.
 *
 * One Prometheus at a time (2 cores: two would measure each other). Every
 * server listens on 127.0.0.1 only and is stopped by pid, also on error.
 * Needs the Prometheus binary of scripts/images (built when missing) and
 * Sloth (scripts/build-upstream-tools sloth). Progress goes to stderr.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { firstLine, prometheusBinary, slothBinary } from "./binaries";
import { killRunningPrometheus } from "./prometheusProcess";
import { sloRulesPart } from "./ruleRuns";
import { scrapePart } from "./scrapeRun";
import { printRules, printScrape } from "./tables";
import { mib, progress } from "./util";

/**
 * Runs the Prometheus benchmark of issue 15 and prints its tables: our SLO
 * rules against Sloth's for the same SLOs (and with every pack beside them),
 * then the dev stack's scrape configuration of 1,000 services. Starts one
 * Prometheus at a time on 127.0.0.1 and stops each by pid; removes its temp
 * folder. About 16 minutes on 2 cores.
 */
export async function prometheusBench(): Promise<void> {
  const prometheus = prometheusBinary();
  const promtool = path.join(path.dirname(prometheus), "promtool");
  const sloth = slothBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "observability-bench-prometheus-"));
  // Ctrl-C skips the finally blocks: stop what runs and clean up here instead.
  const interrupted = (signal: NodeJS.Signals): void => {
    killRunningPrometheus();
    fs.rmSync(dir, { recursive: true, force: true });
    progress(`interrupted (${signal}); Prometheus stopped, ${dir} removed`);
    process.exit(130);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    console.log(
      `machine: ${os.cpus().length} cores, ${mib(os.totalmem())} MiB; ${new Date().toISOString()}; ` +
        `${firstLine(prometheus, ["--version"])}; sloth v0.16.0 (built without a version stamp: it says "${firstLine(sloth, ["version"])}")`,
    );
    const rules = await sloRulesPart({ prometheus, promtool, sloth }, dir);
    const scrape = await scrapePart(prometheus, dir);
    printRules(rules);
    printScrape(scrape);
    progress("done");
  } finally {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  prometheusBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
