import * as fs from "node:fs";
import * as path from "node:path";
import { SloSpecError, type SloSpecProblem } from "../slo/errors";
import { parseSloSpec, type SloSpec } from "../slo/spec";
import { slosRoot } from "./catalog";
import type { Pack } from "./types";

/** One SLO spec file of a pack, parsed. */
export interface PackSloSpec {
  /** Path under `slos/`, e.g. `hitl/api-availability.yml`. */
  readonly file: string;
  /** The spec with the pack's `pack` label added to its rules, so its alerts route like the pack's others. */
  readonly spec: SloSpec;
}

/**
 * The SLO specs of a pack, read from the repository's `slos/` folder and
 * validated.
 * @throws SloSpecError naming the file and every problem in it.
 */
export function packSloSpecs(pack: Pack): PackSloSpec[] {
  return pack.sloFiles.map((file) => {
    const spec = parseSloSpec(fs.readFileSync(path.join(slosRoot, file), "utf8"), `slos/${file}`);
    // On the recording rules through the spec's labels, on the alerts
    // through their own: the generator keeps the two apart, as Sloth does.
    const slos = spec.slos.map((slo) => ({
      ...slo,
      alerting: { ...slo.alerting, labels: { ...slo.alerting?.labels, pack: pack.name } },
    }));
    return { file, spec: { ...spec, labels: { ...spec.labels, pack: pack.name }, slos } };
  });
}

/** One problem of one of a pack's SLO spec files. */
export interface PackSloProblem extends SloSpecProblem {
  /** The file under the repository, e.g. `slos/hitl/api-availability.yml`. */
  readonly file: string;
}

/**
 * Every problem of every SLO spec file of a pack, without stopping at the
 * first bad file: the settings check reports them with the stack's own
 * problems before anything is created.
 * @param root the folder `sloFiles` are relative to (the repository's `slos/`).
 */
export function packSloProblems(pack: Pack, root = slosRoot): PackSloProblem[] {
  return pack.sloFiles.flatMap((file) => {
    const fileName = `slos/${file}`;
    let text: string;
    try {
      text = fs.readFileSync(path.join(root, file), "utf8");
    } catch {
      return [{ file: fileName, path: "(file)", message: `is missing; pack '${pack.name}' lists it in sloFiles` }];
    }
    try {
      parseSloSpec(text, fileName);
      return [];
    } catch (error) {
      if (!(error instanceof SloSpecError)) throw error;
      return error.problems.map((problem) => ({ ...problem, file: fileName }));
    }
  });
}
