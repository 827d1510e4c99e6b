import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { problemAt, type SettingsProblem } from "./errors";
import { serviceFiles } from "./schema/services";

/** One entry of `serviceFiles`, as the schema accepts it. */
const serviceFileSchema = serviceFiles.element;

/**
 * Services listed in files of the repository (`serviceFiles`), beside the
 * stack file's own `services`. A platform team's thousand services do not
 * fit a stack file: the engine hands the whole stack config to the program
 * in one environment variable, which Linux caps at 128 KiB (about 600
 * services), so `pulumi up` fails before the program starts. A file per
 * team also keeps each team's review to its own file.
 */

/** The project's root, where Pulumi.yaml is: paths in `serviceFiles` are relative to it. */
const projectRoot = path.resolve(__dirname, "..");

/** Where the services of the merged list came from, by index. */
export interface ServiceOrigins {
  /** How many services the stack file lists itself (they come first). */
  readonly inline: number;
  /** For each service read from a file: the file and its index there. */
  readonly fromFiles: readonly { readonly file: string; readonly index: number }[];
}

/** The stack's values with `services` extended by those of its service files, and what went wrong reading them. */
export interface ExpandedServices {
  readonly values: Record<string, unknown>;
  readonly origins: ServiceOrigins;
  readonly problems: SettingsProblem[];
}

/**
 * Appends the services of each file `serviceFiles` names, in order, to the
 * stack file's `services`. A file that is missing, not YAML or not a list
 * is a problem at its `serviceFiles` entry; the services themselves are
 * checked with the others by the schema and the cross-checks.
 */
export function withServiceFiles(values: Readonly<Record<string, unknown>>, root = projectRoot): ExpandedServices {
  const inlineServices = Array.isArray(values["services"]) ? (values["services"] as unknown[]) : undefined;
  const files = values["serviceFiles"];
  const origins = { inline: inlineServices?.length ?? 0, fromFiles: [] as { file: string; index: number }[] };
  if (!Array.isArray(files) || files.length === 0 || (values["services"] !== undefined && !inlineServices)) {
    return { values: { ...values }, origins, problems: [] };
  }
  const problems: SettingsProblem[] = [];
  const services = [...(inlineServices ?? [])];
  files.forEach((file: unknown, position) => {
    // An entry the schema refuses (not a YAML file under services/) is the
    // schema's to report, and is never read.
    if (typeof file !== "string" || !serviceFileSchema.safeParse(file).success) return;
    const at = `serviceFiles[${position}]`;
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(root, file), "utf8");
    } catch {
      problems.push(problemAt(at, `${file} is missing (paths are relative to the project's root, beside Pulumi.yaml)`));
      return;
    }
    let listed: unknown;
    try {
      listed = parse(text);
    } catch (error) {
      problems.push(problemAt(at, `${file} is not valid YAML: ${(error as Error).message.split("\n")[0]}`));
      return;
    }
    if (!Array.isArray(listed)) {
      problems.push(problemAt(at, `${file} must hold a YAML list of services, each as in services[]`));
      return;
    }
    listed.forEach((service: unknown, index) => {
      services.push(service);
      origins.fromFiles.push({ file, index });
    });
  });
  return { values: { ...values, services }, origins, problems };
}

/**
 * A problem about a service read from a file, named by that file and the
 * service's index there (`services/payments.yaml[3].targets[0]`) instead of
 * its index in the merged list, which the user never wrote.
 */
export function locatedInServiceFile(problem: SettingsProblem, origins: ServiceOrigins): SettingsProblem {
  const match = /^([a-z]+:)services\[(\d+)\](.*)$/.exec(problem.path);
  if (match === null) return problem;
  const origin = origins.fromFiles[Number(match[2]) - origins.inline];
  if (origin === undefined) return problem;
  return { ...problem, path: `${origin.file}[${origin.index}]${match[3] ?? ""}` };
}
