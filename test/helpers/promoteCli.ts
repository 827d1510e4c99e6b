import * as path from "node:path";
import { runBinary, type ToolResult } from "./upstream";

/**
 * `npm run promote -- ARGS` in a project folder (the repository or a copy of
 * it), as npm runs it: through tsx, with no terminal to confirm on.
 */
export function runPromoteCli(
  projectDir: string,
  args: readonly string[],
  timeoutMs: number,
  env?: NodeJS.ProcessEnv,
): ToolResult {
  const tsx = path.join(projectDir, "node_modules", ".bin", "tsx");
  return runBinary(tsx, ["scripts/promote.ts", ...args], projectDir, timeoutMs, env);
}
