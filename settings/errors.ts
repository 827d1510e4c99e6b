import { configNamespace } from "./keyPaths";

/**
 * One problem found in a stack's config: where, what was received, and what
 * to do about it. Collected rather than thrown one by one so that a user fixes
 * a stack file in one pass.
 */
export interface SettingsProblem {
  /** Full key path as the user writes it, e.g. `observability:prometheus.replicas`. */
  readonly path: string;
  /** What is wrong and what is allowed or how to fix it. */
  readonly message: string;
  /** The value received, when there was one. */
  readonly received?: unknown;
}

/** A problem at a key path as the user writes it (`prometheus.replicas`), with the value received when there was one. */
export function problemAt(path: string, message: string, received?: unknown): SettingsProblem {
  const at = `${configNamespace}:${path}`;
  return received === undefined ? { path: at, message } : { path: at, message, received };
}

/**
 * Thrown before any resource is registered when a stack's config is invalid.
 * The message is the whole readable list; the program hands it to the engine
 * as a `RunError` (program.ts) so that `pulumi up` prints it without a trace.
 */
export class SettingsError extends Error {
  constructor(
    /** The Pulumi stack whose config was checked (not `stack`: that is the error's own trace). */
    readonly stackName: string,
    /** Every problem found: the settings' own in the schema's key order, then the cross-field ones. */
    readonly problems: readonly SettingsProblem[],
  ) {
    super(formatProblems(stackName, problems));
    this.name = "SettingsError";
  }
}

function formatReceived(value: unknown): string {
  if (value === undefined) return "nothing";
  // JSON.stringify gives undefined only for functions and symbols, which config never holds.
  const text = JSON.stringify(value) ?? "a value";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function formatProblems(stack: string, problems: readonly SettingsProblem[]): string {
  const lines = problems.map(
    (problem) =>
      `  - ${problem.path}: ${problem.message}` +
      ("received" in problem ? ` (got ${formatReceived(problem.received)})` : ""),
  );
  const noun = problems.length === 1 ? "problem" : "problems";
  return `stack '${stack}' has ${problems.length} config ${noun}; nothing was created:\n${lines.join("\n")}`;
}

/** Closest candidate by edit distance, for "did you mean" hints on misspelled keys. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}
