/**
 * The bench's registration floor, one measured run: loads the SDKs a stack
 * loads, then registers under Pulumi mocks the resources a program run
 * registered (written by `benchProgram.js --registrations-out`), with their
 * inputs already computed and no other work. Prints JSON with the resource
 * count and the in-process time of the registrations.
 *
 *   node benchRegistrations.js <stack> <registrations.json> <sdk> [<sdk> ...]
 */
import * as fs from "node:fs";
import { replayRegistrations, type Registration } from "./underMocks/registrations";

async function main(): Promise<void> {
  const [stack, file, ...sdks] = process.argv.slice(2);
  if (stack === undefined || file === undefined)
    throw new Error("usage: benchRegistrations.js <stack> <registrations.json> <sdk> [<sdk> ...]");
  // What the import-only floor loads, so that the two floors differ only by the registrations.
  for (const sdk of sdks) await import(sdk);
  const registrations = JSON.parse(fs.readFileSync(file, "utf8")) as Registration[];
  const started = process.hrtime.bigint();
  const resources = (await replayRegistrations(stack, registrations)).length;
  const registrationMs = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(JSON.stringify({ stack, resources, registrationMs }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
