/**
 * One measured run of the Pulumi program under mocks, for `npm run bench`:
 * prints JSON with the resource count, the evaluation time inside the
 * process and the provider SDKs the program loaded.
 */
import { runProgramUnderMocks } from "./underMocks/programUnderMocks";
import { stackNames, type StackName } from "./underMocks/stacks";

async function main(): Promise<void> {
  const stack = process.argv[2] as StackName;
  if (!stackNames.includes(stack)) throw new Error(`unknown stack ${process.argv[2]}; one of ${stackNames.join(", ")}`);
  const started = process.hrtime.bigint();
  const run = await runProgramUnderMocks(stack);
  const evaluationMs = Number(process.hrtime.bigint() - started) / 1e6;
  const sdks = [
    ...new Set(
      Object.keys(require.cache)
        .map((file) => /node_modules\/(@pulumi(?:verse)?\/[^/]+)\//.exec(file)?.[1])
        .filter((name): name is string => name !== undefined),
    ),
  ].sort();
  console.log(JSON.stringify({ stack, resources: run.resources.length, evaluationMs, sdks }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
