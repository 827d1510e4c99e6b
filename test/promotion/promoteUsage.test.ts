import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runPromoteCli } from "../helpers/promoteCli";

// `npm run promote` with bad arguments: exit 2 and a line naming what is
// wrong, before any stack is looked at.
const repositoryRoot = path.resolve(__dirname, "..", "..");

const promote = (...args: string[]) =>
  runPromoteCli(repositoryRoot, args, 60_000, {
    ...process.env,
    // No engine and no backend: a usage error must come before either is needed.
    PATH: path.dirname(process.execPath),
    PULUMI_BACKEND_URL: "file:///nonexistent",
  });

describe("npm run promote with bad arguments", () => {
  it.each([
    [["--form", "staging"], "unknown option --form"],
    [["--from"], "--from needs a value"],
    [["--to", "--yes"], "--to needs a value"],
    [["--from", "prod", "--to", "prod"], "--from and --to name the same stack"],
  ])("%j exits 2: %s", async (args, message) => {
    const result = await promote(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("usage: npm run promote -- [--from staging] [--to prod]");
    expect(result.stdout).toBe("");
  });
});
