/**
 * npm run docs:config
 *
 * Writes docs/config.md, the reference of every stack-file key, from the
 * settings schema and the environment profiles (settings/reference.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { configReference } from "../settings/reference";

const target = path.resolve(__dirname, "..", "docs", "config.md");
fs.writeFileSync(target, configReference());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
