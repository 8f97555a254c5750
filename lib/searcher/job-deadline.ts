// The deadline a search or promotion candidate runs under: the end of the
// promotions' share of the time budget plus a grace of 5% of the budget. A
// runner that enforces deadlines (a worker pool) kills a candidate still
// training then, so one slow candidate (a 157 s rung-0 cell in a 2-minute run)
// cannot push the final training past the budget; it is recorded as failed
// with the reason. Final trainings get none: their plan already checks that
// each fits (lib/searcher/final-plan.ts), and a model killed at the end would
// leave the run with no front. While the run has no complete candidate yet,
// the deadline is the end of the whole budget: killing the first ones at the
// promotions' end would leave nothing to train, and one that cannot finish
// inside the budget leaves no time to train it anyway (the run then ends at
// its budget and says what a --resume needs: lib/searcher/search-run.ts).
import type { Deadline } from '../worker/job-runner.js';
import { NO_DEADLINE } from '../worker/job-runner.js';
import type { SearchSettings } from './settings.js';
import type { Phase } from './types.js';

/** The share of the budget past the promotions' end that a candidate may still run. */
export const CANDIDATE_GRACE_SHARE = 0.05;
/** Never less than this: a job started at the very end still gets to measure and refuse, or fail cleanly. */
const MIN_DEADLINE_MS = 1_000;

export function candidateDeadline(s: Pick<SearchSettings, 'timeBudgetMs' | 'searchShare' | 'promoteShare'>, phase: Phase, elapsedMs: number, anyComplete: boolean): Deadline {
  const b = s.timeBudgetMs;
  if (b === undefined || phase === 'final') return NO_DEADLINE;
  const minutes = (ms: number) => (ms / 60_000).toFixed(1);
  const end = (anyComplete ? s.searchShare + s.promoteShare + CANDIDATE_GRACE_SHARE : 1) * b;
  return {
    ms: Math.max(MIN_DEADLINE_MS, end - elapsedMs),
    why: anyComplete
      ? `the search's and promotions' share of the time budget (${minutes(end)} of ${minutes(b)} min, grace included)`
      : `the end of the time budget (${minutes(b)} min): no candidate has finished training yet`,
  };
}
