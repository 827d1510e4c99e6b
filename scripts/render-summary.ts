/**
 * npm run render:summary -- <base-dir> <head-dir> [--limit <characters>]
 *
 * Prints, as Markdown, what changed between two renders of the stacks
 * (`npm run render -- <stack> <dir>/<stack>` at a base and a head commit):
 * per stack, the scrape jobs, alerts (added, removed, threshold or `for`
 * changed), SLO objectives, receivers, routes, where alerts go, and
 * dashboards (added, removed, panels). The preview workflow posts it above
 * the raw diff. At most --limit characters (default 20000); what is cut is
 * counted. A stack the base has no folder for is new.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stackChangeSummary, summaryMarkdown, type RenderedTree } from "../model/review/summary";

function usage(message: string): never {
  console.error(`${message}\nusage: npm run render:summary -- <base-dir> <head-dir> [--limit <characters>]`);
  process.exit(2);
}

/** Every file under a folder, by its path relative to it. */
function readTree(root: string): RenderedTree {
  const tree = new Map<string, string>();
  for (const entry of fs.readdirSync(root, { recursive: true, encoding: "utf8" })) {
    const file = path.join(root, entry);
    if (fs.statSync(file).isFile()) tree.set(entry.split(path.sep).join("/"), fs.readFileSync(file, "utf8"));
  }
  return tree;
}

function main(argv: string[]): void {
  const limitAt = argv.indexOf("--limit");
  let limit = 20_000;
  if (limitAt >= 0) {
    limit = Number(argv[limitAt + 1]);
    if (!Number.isInteger(limit) || limit < 1000) usage("--limit needs a whole number of characters, at least 1000");
    argv.splice(limitAt, 2);
  }
  const unknown = argv.filter((arg) => arg.startsWith("--"));
  if (unknown.length > 0) usage(`unknown option ${unknown.join(", ")}`);
  const [baseDir, headDir] = argv;
  if (baseDir === undefined || headDir === undefined) usage("missing arguments");
  if (!fs.existsSync(headDir)) usage(`${headDir} does not exist; render the head first`);
  const stacks = fs
    .readdirSync(headDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const summaries = stacks.map((stack) => {
    const base = path.join(baseDir, stack);
    const baseTree = fs.existsSync(base) ? readTree(base) : undefined;
    return {
      stack,
      sections: stackChangeSummary(baseTree, readTree(path.join(headDir, stack))),
      ...(baseTree === undefined ? { note: "The base has no render of this stack: everything below is new." } : {}),
    };
  });
  process.stdout.write(`${summaryMarkdown(summaries, limit)}\n`);
}

main(process.argv.slice(2));
