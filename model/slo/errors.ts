/**
 * One problem found in an SLO spec: where, what was received and what to do
 * about it. Same shape as the stack config's problems (settings/errors.ts) so
 * that both read alike.
 */
export interface SloSpecProblem {
  /** Key path inside the spec as its author writes it, e.g. `slos[0].objective`. */
  readonly path: string;
  /** What is wrong and what is allowed or how to fix it. */
  readonly message: string;
  /** The value received, when there was one. */
  readonly received?: unknown;
}

/** Thrown when an SLO spec file is invalid; lists every problem so one edit fixes them all. */
export class SloSpecError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: readonly SloSpecProblem[],
  ) {
    super(formatProblems(fileName, problems));
    this.name = "SloSpecError";
  }
}

function formatReceived(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function formatProblems(fileName: string, problems: readonly SloSpecProblem[]): string {
  const lines = problems.map(
    (problem) =>
      `  - ${problem.path}: ${problem.message}` +
      ("received" in problem ? ` (got ${formatReceived(problem.received)})` : ""),
  );
  const noun = problems.length === 1 ? "problem" : "problems";
  return `SLO spec ${fileName} has ${problems.length} ${noun}; no rules were generated:\n${lines.join("\n")}`;
}
