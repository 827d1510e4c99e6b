/**
 * npm run render -- <stack> <dir> [--assume-secrets]
 *
 * Writes every file a stack ships into <dir>, without any Pulumi engine, with
 * secrets replaced by placeholders (https://redacted.invalid/secret/<key>).
 * For review and for pull-request diffs of prometheus.yml, rules and routes.
 * --assume-secrets treats every secret the stack file names as set, for
 * stack files whose secrets live elsewhere (the committed examples).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { renderStack } from "../model/stack/render";
import { SettingsError } from "../settings/errors";
import { rawConfigFromStackFile } from "../settings/fromStackFile";
import { secretReferences } from "../settings/secretRefs";
import { parseStack } from "../model/stack/settings";

function usage(message: string): never {
  console.error(`${message}\nusage: npm run render -- <stack> <dir> [--assume-secrets]`);
  process.exit(2);
}

function main(argv: string[]): void {
  const flags = argv.filter((arg) => arg.startsWith("--"));
  const [stack, outDir] = argv.filter((arg) => !arg.startsWith("--"));
  if (stack === undefined || outDir === undefined) usage("missing arguments");
  const unknown = flags.filter((flag) => flag !== "--assume-secrets");
  if (unknown.length > 0) usage(`unknown option ${unknown.join(", ")}`);

  let settings;
  try {
    settings = parseStack(rawConfigFromStackFile(stack), { assumeSecrets: flags.includes("--assume-secrets") });
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const files = renderStack(settings);
  const root = path.resolve(outDir);
  fs.rmSync(root, { recursive: true, force: true });
  for (const file of files) {
    const target = path.join(root, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
  }
  const secrets = secretReferences(settings).map((ref) => ref.key);
  console.log(`rendered ${files.length} files of stack '${stack}' (${settings.target}) into ${root}`);
  if (secrets.length > 0) console.log(`secrets shown as placeholders: ${secrets.join(", ")}`);
}

main(process.argv.slice(2));
