/**
 * npm run metrics-gate -- --pack <pack> (--url <metrics URL> | --file <path>) [--job <job>]
 *
 * Checks that a /metrics endpoint exposes every metric family the pack's
 * rules and dashboards read, as the pack's catalog declares it: HELP and
 * TYPE lines, the type, histogram _bucket/_sum/_count series and buckets,
 * and the labels on every sample. Prints one line per family and exits 1 on
 * any gap (2 on bad usage), so a service's CI can run it against a freshly
 * started instance before a release.
 *
 * --job keeps the families the catalog says that job exposes (a pack that
 *   watches two services checks each endpoint for its own families).
 * --basic-auth-user sends basic auth; the password comes from the
 *   METRICS_GATE_PASSWORD environment variable, never the command line.
 * An https endpoint signed by a private CA (a stack's caCertificate output)
 * is trusted with NODE_EXTRA_CA_CERTS=<ca.pem>, Node's own setting.
 */
import * as fs from "node:fs";
import { packCatalog } from "../model/packs";
import { parseExposition } from "../model/metrics/exposition";
import { checkFamilies, gateReport } from "../model/metrics/gate";
import { familiesInUse } from "../model/stack/usage";

const usageLine =
  "usage: npm run metrics-gate -- --pack <pack> (--url <metrics URL> | --file <path>) [--job <job>] [--basic-auth-user <user>]";

function usage(message: string): never {
  console.error(`${message}\n${usageLine}`);
  process.exit(2);
}

function options(argv: readonly string[]): Map<string, string> {
  const known = ["--pack", "--url", "--file", "--job", "--basic-auth-user"];
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index];
    const value = argv[index + 1];
    if (!known.includes(flag)) usage(`unknown option ${flag}`);
    if (value === undefined || value.startsWith("--")) usage(`${flag} needs a value`);
    values.set(flag, value);
  }
  return values;
}

async function exposition(
  url: string | undefined,
  file: string | undefined,
  user: string | undefined,
): Promise<string> {
  if (file !== undefined) return fs.readFileSync(file, "utf8");
  if (url === undefined) usage("give --url or --file");
  const headers: Record<string, string> = {
    // Ask for the classic text format; OpenMetrics is read too.
    accept: "text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.5",
  };
  if (user !== undefined) {
    const password = process.env["METRICS_GATE_PASSWORD"];
    if (password === undefined) usage("--basic-auth-user needs the password in METRICS_GATE_PASSWORD");
    headers["authorization"] = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  }
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`);
  return response.text();
}

async function main(argv: readonly string[]): Promise<number> {
  const values = options(argv);
  const packName = values.get("--pack");
  if (packName === undefined) usage("missing --pack");
  const pack = packCatalog.find((candidate) => candidate.name === packName);
  if (pack === undefined) usage(`unknown pack '${packName}'; packs: ${packCatalog.map((p) => p.name).join(", ")}`);
  const job = values.get("--job");
  const sources = [...new Set(pack.metrics.map((family) => family.source))];
  if (job !== undefined && !sources.includes(job)) {
    usage(`pack ${pack.name} declares no metrics of job '${job}'; its sources: ${sources.join(", ")}`);
  }
  const families = familiesInUse(pack).filter((family) => job === undefined || family.source === job);
  if (families.length === 0) usage(`pack ${pack.name} reads no declared metrics${job ? ` of job ${job}` : ""}`);

  const source = values.get("--url") ?? values.get("--file");
  let text: string;
  try {
    text = await exposition(values.get("--url"), values.get("--file"), values.get("--basic-auth-user"));
  } catch (error) {
    console.error(`metrics gate: cannot read ${source}: ${(error as Error).message}`);
    return 1;
  }
  const parsed = parseExposition(text);
  for (const problem of parsed.problems) console.error(`line ${problem.line}: ${problem.message}: ${problem.text}`);
  const verdicts = checkFamilies(parsed, families);
  console.log(gateReport(`pack ${pack.name}${job ? `, job ${job}` : ""}, ${source}`, verdicts, parsed.problems.length));
  return verdicts.some((verdict) => verdict.problems.length > 0) || parsed.problems.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
