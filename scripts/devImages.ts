// The images the committed dev stack runs, one per line (`npx tsx
// scripts/devImages.ts`): what `npm run dev` pulls or builds, and what the
// live tests require.
import { planWorkloads, stackPlan } from "../model/stack/plan";
import { rawConfigFromStackFile } from "../settings/fromStackFile";
import { parseStack } from "../model/stack/settings";

/** The distinct images of the dev stack file's workloads, sorted. */
export function devStackImages(): string[] {
  // Secrets are only named, never read, to know which images run.
  const settings = parseStack(rawConfigFromStackFile("dev"), { assumeSecrets: true });
  return [...new Set(planWorkloads(stackPlan(settings)).map((workload) => workload.image))].sort();
}

if (require.main === module) console.log(devStackImages().join("\n"));
