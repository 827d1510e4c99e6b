import { parse } from "yaml";
import { z } from "zod";
import { closest } from "../../settings/errors";
import { SloSpecError, type SloSpecProblem } from "./errors";
import { valueAt } from "../../settings/keyPaths";
import { sloPeriods, type SloPeriod } from "../../settings/schema";

/**
 * Sloth's `prometheus/v1` SLO spec (https://sloth.dev/specs/prometheus/v1):
 * the same field names, so a spec written for Sloth reads the same here. The
 * objects are strict because a misspelled key (`objetive`) silently ignored
 * would leave an SLO without what its author meant.
 */

/** `{{.window}}` as Go templates accept it, spaces inside the braces allowed. */
export const windowPlaceholder = /\{\{\s*\.window\s*\}\}/g;

const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The SLO periods the generator has alert windows for (model/slo/periods.ts).
 * `slo_period` is this generator's field: Sloth takes the period from its
 * command line (`--default-slo-period`), so a spec that sets it is read by
 * Sloth only with that key removed and the same flag given.
 */
export { sloPeriods, type SloPeriod };

const sloPeriod = z.enum(sloPeriods, {
  message: `must be one of ${sloPeriods.join(", ")} (the periods with alert windows: Sloth's 30d and 28d, and its 7d example)`,
});

const labelMap = z.record(
  z.string().regex(labelName, { message: "is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)" }),
  z.string(),
);

/** A query run once per window, so it must say where the window goes. */
const windowedQuery = z
  .string()
  .min(1, { message: "is empty; write a PromQL query with [{{.window}}] as its range" })
  .refine((query) => query.match(windowPlaceholder) !== null, {
    message: "has no {{.window}}; write the range of every rate()/increase() as [{{.window}}]",
  })
  .refine((query) => !query.replace(windowPlaceholder, "").includes("{{"), {
    message: "uses a template other than {{.window}}; only {{.window}} is replaced",
  });

const eventsSli = z.strictObject({
  /** Query of the bad events per second over `{{.window}}`. */
  error_query: windowedQuery,
  /** Query of all events per second over `{{.window}}`. */
  total_query: windowedQuery,
});

const rawSli = z.strictObject({
  /** Query of the ratio of bad events over `{{.window}}` (0..1). */
  error_ratio_query: windowedQuery,
});

const sli = z
  .strictObject({
    events: eventsSli.optional(),
    raw: rawSli.optional(),
  })
  .refine((value) => (value.events === undefined) !== (value.raw === undefined), {
    message: "needs exactly one of `events` (error_query + total_query) or `raw` (error_ratio_query)",
  });

const alertMeta = z.strictObject({
  labels: labelMap.optional(),
  annotations: labelMap.optional(),
  /** Drops this alert (page or ticket) from the generated rules. */
  disable: z.boolean().optional(),
});

const alerting = z.strictObject({
  /** Alert name shared by the page and the ticket alert (told apart by `severity`). */
  name: z.string().regex(labelName, { message: "is not a valid alert name ([a-zA-Z_][a-zA-Z0-9_]*)" }).optional(),
  labels: labelMap.optional(),
  annotations: labelMap.optional(),
  page_alert: alertMeta.optional(),
  ticket_alert: alertMeta.optional(),
});

const slo = z
  .strictObject({
    /** Unique in the spec; becomes `sloth_slo` and part of `sloth_id`. */
    name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/, {
      message: "must be letters, digits, '-' or '_' (it becomes the sloth_slo label and part of sloth_id)",
    }),
    /** Target in percent, e.g. 99.9. */
    objective: z
      .number({ message: "must be a number of percent, e.g. 99.9" })
      .gt(0, { message: "must be above 0 and below 100 (a percentage such as 99.9)" })
      .lt(100, { message: "must be above 0 and below 100 (a percentage such as 99.9); 100 leaves no error budget" }),
    description: z.string().optional(),
    /** This SLO's period, over the spec's `slo_period`; 30d when neither says. */
    slo_period: sloPeriod.optional(),
    /** Labels added to every rule of this SLO (Sloth allows them per SLO too). */
    labels: labelMap.optional(),
    sli,
    alerting: alerting.optional(),
  })
  .superRefine((value, context) => {
    const pageOn = value.alerting?.page_alert?.disable !== true;
    const ticketOn = value.alerting?.ticket_alert?.disable !== true;
    if ((pageOn || ticketOn) && value.alerting?.name === undefined) {
      context.addIssue({
        code: "custom",
        path: ["alerting", "name"],
        message: "is required while the page or ticket alert is enabled; name the alert or set disable: true on both",
      });
    }
  });

const sloSpecSchema = z
  .strictObject({
    version: z.literal("prometheus/v1", { message: 'must be "prometheus/v1" (the Sloth spec this generator reads)' }),
    service: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/, {
      message: "must be letters, digits, '-' or '_' (it becomes the sloth_service label)",
    }),
    labels: labelMap.optional(),
    /** The period of the spec's SLOs (30d when absent); an SLO may set its own. */
    slo_period: sloPeriod.optional(),
    slos: z.array(slo).min(1, { message: "is empty; a spec declares at least one SLO" }),
  })
  .superRefine((value, context) => {
    const seen = new Map<string, number>();
    value.slos.forEach((entry, index) => {
      const first = seen.get(entry.name);
      if (first === undefined) {
        seen.set(entry.name, index);
        return;
      }
      context.addIssue({
        code: "custom",
        path: ["slos", index, "name"],
        message: `duplicates slos[${first}].name; SLO names must be unique within a service (they form sloth_id)`,
      });
    });
  });

/** A validated Sloth `prometheus/v1` spec. */
export type SloSpec = z.infer<typeof sloSpecSchema>;
/** One SLO of a spec. */
export type Slo = SloSpec["slos"][number];

/** Known keys of the object at an issue's path, for "did you mean" hints. */
const knownKeys: Record<string, readonly string[]> = {
  spec: ["version", "service", "labels", "slo_period", "slos"],
  slo: ["name", "objective", "description", "slo_period", "labels", "sli", "alerting"],
  sli: ["events", "raw"],
  events: ["error_query", "total_query"],
  raw: ["error_ratio_query"],
  alerting: ["name", "labels", "annotations", "page_alert", "ticket_alert"],
  page_alert: ["labels", "annotations", "disable"],
  ticket_alert: ["labels", "annotations", "disable"],
};

function keysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return knownKeys["spec"] ?? [];
  const last = path[path.length - 1];
  if (typeof last === "number") return knownKeys["slo"] ?? [];
  return knownKeys[String(last)] ?? [];
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    text += typeof part === "number" ? `[${part}]` : text === "" ? String(part) : `.${String(part)}`;
  }
  return text === "" ? "(top level)" : text;
}

function problemsOf(error: z.ZodError, input: unknown): SloSpecProblem[] {
  const problems: SloSpecProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const allowed = keysAt(issue.path);
      for (const key of issue.keys) {
        const hint = closest(key, allowed);
        problems.push({
          path: formatPath([...issue.path, key]),
          message:
            `is not a field of the Sloth prometheus/v1 spec` +
            (hint === undefined ? `; allowed here: ${allowed.join(", ")}` : `; did you mean '${hint}'?`),
        });
      }
      continue;
    }
    const received = valueAt(input, issue.path);
    problems.push({
      path: formatPath(issue.path),
      message: issue.message,
      ...(received === undefined ? {} : { received }),
    });
  }
  return problems;
}

/** Validates an already parsed spec object; throws {@link SloSpecError} listing every problem. */
export function validateSloSpec(input: unknown, fileName: string): SloSpec {
  const result = sloSpecSchema.safeParse(input);
  if (!result.success) throw new SloSpecError(fileName, problemsOf(result.error, input));
  return result.data;
}

/**
 * Parses the YAML text of a Sloth `prometheus/v1` spec.
 * @param fileName where the text came from, named in every error message.
 * @throws SloSpecError naming the file, each key path and the fix.
 */
export function parseSloSpec(text: string, fileName: string): SloSpec {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SloSpecError(fileName, [{ path: "(file)", message: `is not valid YAML: ${reason}` }]);
  }
  return validateSloSpec(document, fileName);
}
