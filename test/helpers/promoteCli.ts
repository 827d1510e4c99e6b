import * as path from "node:path";
import { runBinaryInBackground, type ToolResult } from "./upstream";

/**
 * `npm run promote -- ARGS` in a project folder (the repository or a copy of
 * it), as npm runs it: through tsx, with no terminal to confirm on. It runs
 * in the background: servers the calling test runs keep answering it.
 */
export function runPromoteCli(
  projectDir: string,
  args: readonly string[],
  timeoutMs: number,
  env?: NodeJS.ProcessEnv,
): Promise<ToolResult> {
  const tsx = path.join(projectDir, "node_modules", ".bin", "tsx");
  return runBinaryInBackground(tsx, ["scripts/promote.ts", ...args], projectDir, timeoutMs, env);
}
