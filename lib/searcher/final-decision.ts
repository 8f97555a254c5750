// Between the promotions and the final phase of a search run (search-run.ts):
// plans the final training for the time left (final-plan.ts, pure) and puts
// what it decided into words: the log line, the run's stop reason when no
// model can be trained (with the --resume budget that would train the best
// survivor), and why the plan ends past the budget when it does.
import type { Logger } from '../core/log.js';
import { FINAL_OVERRUN_SHARE, budgetToTrain, epochsText, finalReserve, minutesText, noSurvivorReason, planFinal } from './final-plan.js';
import type { HvReference } from './hypervolume.js';
import type { SearchSettings } from './settings.js';
import type { CandidateRecord, Evaluator } from './types.js';

/** What the decision needs of its run. */
export interface FinalDecisionHost {
  readonly dir: string;
  readonly settings: SearchSettings;
  readonly evaluator: Evaluator;
  readonly allRecords: readonly CandidateRecord[];
  readonly capacity: number;
  readonly finalCostFactor: number;
  elapsedMs(): number;
  timeLeftMs(): number;
  hvRef(): HvReference;
}

export interface FinalDecision {
  /** Genome hashes to train, in order (empty: none). */
  hashes: string[];
  epochs: number;
  /** The run's stop reason when it changes: no time for a model, or no survivor. */
  stopReason?: string;
  /** Set when the plan ends past the budget: why. */
  overBudget?: string;
  /** Set when no model fits: the whole-run budget (minutes) a --resume should give. */
  resumeBudgetMinutes?: number;
}


export function decideFinal(host: FinalDecisionHost, survivors: CandidateRecord[], searchReason: string, log?: Logger): FinalDecision {
  const s = host.settings;
  const plan = planFinal(survivors, {
    finalCount: s.finalCount, finalEpochs: s.finalEpochs, leftMs: host.timeLeftMs(), trainImages: host.evaluator.trainImages, ref: host.hvRef(),
    minEpochs: host.evaluator.minFinalEpochs ?? 1, lanes: host.capacity, costFactor: host.finalCostFactor, graceMs: FINAL_OVERRUN_SHARE * (s.timeBudgetMs ?? 0),
    reserve: finalReserve(host.allRecords, survivors),
  });
  if (plan.unfit) {
    const resumeBudgetMinutes = budgetToTrain(host.elapsedMs(), plan.unfit.estimateMs, s);
    const stopReason = `${searchReason}; no time left to train a model: the best survivor needs about ${minutesText(plan.unfit.estimateMs)} min at ${epochsText(plan.unfit.epochs)}, the budget leaves ${minutesText(host.timeLeftMs())}`;
    log?.warn(`final phase: ${stopReason}; continue with --resume ${host.dir} --time-budget ${resumeBudgetMinutes}`);
    return { hashes: [], epochs: plan.unfit.epochs, stopReason, resumeBudgetMinutes };
  }
  const d: FinalDecision = { hashes: plan.hashes, epochs: plan.epochs };
  if (survivors.length === 0) d.stopReason = `${searchReason}; ${noSurvivorReason(host.allRecords)}`;
  if (plan.overrunMs !== undefined) {
    d.overBudget = `the best survivor's final training (about ${minutesText(plan.estimateMs)} min at ${epochsText(plan.epochs)}) did not fit the ${minutesText(host.timeLeftMs())} min left; it is trained anyway, as it ends within half the budget past its end`;
    log?.warn(`final phase: ${d.overBudget}`);
  }
  const filled = plan.filled ?? 0;
  log?.info(`final phase: ${plan.hashes.length - filled} of ${survivors.length} survivors${filled > 0 ? ` and ${filled} other promoted model${filled === 1 ? '' : 's'} (to use the time left over)` : ''} at ${epochsText(plan.epochs)}, estimated ${minutesText(plan.estimateMs)} min of ${(host.timeLeftMs() / 60_000).toFixed(1)} left`);
  return d;
}
