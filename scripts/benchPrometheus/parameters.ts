/**
 * The bench's parameters, in one place because the runs, the synthetic
 * series and the printed tables all read them: a table must describe the
 * run that produced it.
 */

/** Scrape and evaluation interval of the rule runs: short, so that enough cycles fit the time budget. */
export const intervalSeconds = 10;
/** Evaluation before sampling starts, so that start-up work (first long-window reads, compaction) is over. */
export const warmUpSeconds = 60;
/**
 * Rounds of (i) ours then (ii) Sloth's, alternating: one round's timings differ
 * by tens of percent with the machine's load, so the table shows each
 * figure's median over the rounds and the ratio of every round.
 */
export const ruleRounds = 3;
/** Evaluation cycles sampled per rule run. */
export const sampledCycles = 8;
/** Hours of series written into the data folder before start, so that the long windows have data. */
export const backfillHours = 24;
/** Spacing of the backfilled samples (coarser than the live scrape, to keep backfill and runs within the budget). */
export const backfillStepSeconds = 60;
/** How long the scrape configuration's Prometheus runs after its reload before its memory is read. */
export const settleSeconds = 30;
/** The scale stack of the issue. */
export const scale = { services: 1000, slos: 200 } as const;
