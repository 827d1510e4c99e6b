import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The pack starts the way the Pulumi CLI starts it: the Node.js language
 * host's run-policy-pack registers ts-node (type-checking, with the
 * compilerOptions of policy/tsconfig.json over its defaults) in the pack's
 * folder and requires its main module, whose `new PolicyPack` reads
 * package.json's version and serves the analyzer on 127.0.0.1, printing
 * the port. No engine is needed to see that happen.
 */
const runner = `
const path = require("path");
const tsutils = require("@pulumi/pulumi/tsutils");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(tsnodeRequire).register({
  typeCheck: true,
  skipProject: false,
  compiler: typescriptRequire,
  compilerOptions: {
    target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true",
    ...tsutils.loadTypeScriptCompilerOptions("tsconfig.json"),
  },
});
require(path.join(process.cwd(), "index.ts"));
`;

/** Starts the pack, resolves with the first line it prints (or rejects with its stderr), then stops it. */
function firstLineOfPack(timeoutMs: number): Promise<string> {
  const child = spawn(process.execPath, ["-e", runner], {
    cwd: join(__dirname, "..", "..", "policy"),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no port within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("\n")) {
        clearTimeout(timer);
        resolve(stdout.split("\n")[0]);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`pack exited with ${code}; stderr: ${stderr}`));
    });
  }).finally(() => {
    child.removeAllListeners("exit");
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid);
  });
}

describe("the policy pack process", () => {
  it("compiles under Pulumi's ts-node and serves the analyzer on a port", async () => {
    expect(await firstLineOfPack(90_000)).toMatch(/^\d+$/);
  }, 120_000);
});
