// Which survivors the final phase trains with the full recipe, for how many
// epochs, inside the time the budget leaves. Pure: plain records in, a plan out.
//   order:  the most accurate survivor first (when time allows one model, it is
//           the one a miner submits), then greedily the survivor that adds the
//           most hypervolume (by its rung accuracy) to those before it, so the
//           second model is the one that opens the small end of the front.
//           The first comes from the highest rung among them (a rung the
//           budget cut short mixes rungs: select.ts survivorsOfCutRung).
//   epochs: the most (<= finalEpochs) at which the first two fit the time left;
//           else the most at which the first fits; else minEpochs if the first
//           ends within `graceMs` past the time left (the run trains it and
//           says why it ends past its budget: the quick default on a loaded
//           machine still shows a model); else none: the plan is empty and
//           says what the first would need (`unfit`), so a run ends at its
//           budget and tells how long a resume needs, instead of training far
//           past it (a 2-minute cell search planned an 11-minute final).
//   models: the first, then each next one that still fits at those epochs;
//           then, to use time the survivors leave over (a lane idle for the
//           last quarter of an hour: issue 16's seed-1 run ended 23% early),
//           each `reserve` record (promoted models that are not survivors:
//           finalReserve) that still fits; it never cuts the epochs, and
//           without a budget (leftMs Infinity) no reserve model is added.
// Time: with `lanes` models training at once (a worker pool), the planned
// models take the wall time of their longest-first schedule on the lanes
// (ordered-batch.ts makespan); one lane: the sum of their costs.
// The cost of a model is its seconds per image at its last rung, times the
// images of the recipe, times `costFactor`: the recipe's batch 128 trains
// faster per image than the rungs' batch 32 (measured 0.56x for a 47k-param
// CNN on wasm), so the default factor is 0.6. That gain comes from the wasm
// threads: in one-thread pool workers a final training took 0.83-0.98 of its
// rung's time per image (eight trainings: quick searches and 10-minute
// Fashion-MNIST searches), so a run over a pool plans with
// WORKER_FINAL_COST_FACTOR, 0.9.
import { normalisedHypervolume, type HvReference } from './hypervolume.js';
import { makespan } from './ordered-batch.js';
import { firstOfEachNetwork, scoredPointOf } from './select.js';
import type { CandidateRecord } from './types.js';

/** "1 epoch", "10 epochs": how the plan's epochs read in the run's messages. */
export const epochsText = (n: number): string => `${n} epoch${n === 1 ? '' : 's'}`;
/** Milliseconds as minutes with one decimal, for messages; a negative time left reads 0.0. */
export const minutesText = (ms: number): string => (Math.max(0, ms) / 60_000).toFixed(1);

export const DEFAULT_FINAL_COST_FACTOR = 0.6;
export const WORKER_FINAL_COST_FACTOR = 0.9;

export interface FinalPlanOptions {
  finalCount: number;
  finalEpochs: number;
  /** Milliseconds the budget leaves (Infinity without a budget). */
  leftMs: number;
  /** Training images of the full recipe. */
  trainImages: number;
  ref: HvReference;
  costFactor?: number;
  /** Never plan fewer epochs than this (default 1; capped at finalEpochs). */
  minEpochs?: number;
  /** Models trained at once (default 1); each model's cost is its time on one lane. */
  lanes?: number;
  /** Milliseconds past leftMs the first model may still end at minEpochs (default 0; FINAL_OVERRUN_SHARE of the budget in a run). */
  graceMs?: number;
  /** Models beyond the survivors, in the order to try them, that fill time the survivors leave (default none). */
  reserve?: readonly CandidateRecord[];
}

export interface FinalPlan {
  hashes: string[];
  epochs: number;
  /** Estimated wall milliseconds of the planned training. */
  estimateMs: number;
  /** When nothing fits: the first survivor, its epochs and estimate (plain hashes stay empty). */
  unfit?: { hash: string; epochs: number; estimateMs: number };
  /** Estimated milliseconds the plan ends past the time left (the first model, trained within the grace). */
  overrunMs?: number;
  /** How many of `hashes` (the last ones) come from the reserve. */
  filled?: number;
}

/** How far past its budget a run may train its first final model: half the budget (see the file's head). */
export const FINAL_OVERRUN_SHARE = 0.5;

/** Estimated milliseconds to train `r` for `epochs` epochs of `trainImages` images. */
export function finalCostMs(r: CandidateRecord, trainImages: number, epochs: number, costFactor = DEFAULT_FINAL_COST_FACTOR): number {
  const perImage = r.seconds / Math.max(1, r.trainImages * r.epochs);
  return 1000 * perImage * trainImages * epochs * costFactor;
}

/** Sort order of the most accurate: a higher rung's score says more than a lower one's (survivorsOfCutRung mixes rungs), then the accuracy. */
function aheadOf(a: CandidateRecord, b: CandidateRecord): number {
  return b.rung - a.rung || (b.accuracy ?? 0) - (a.accuracy ?? 0);
}

/** Survivors in the order the final phase should train them (see the file's head). */
export function finalOrder(survivors: readonly CandidateRecord[], ref: HvReference): CandidateRecord[] {
  const pool = survivors.filter((r) => r.status === 'complete');
  if (pool.length === 0) return [];
  let top = 0;
  pool.forEach((r, i) => { if (aheadOf(r, pool[top] as CandidateRecord) < 0) top = i; });
  const order = [pool[top] as CandidateRecord];
  const rest = pool.filter((_r, i) => i !== top);
  while (rest.length > 0) {
    const base = order.map(scoredPointOf);
    let best = 0;
    let bestGain = -1;
    rest.forEach((r, i) => {
      const gain = normalisedHypervolume([...base, scoredPointOf(r)], ref);
      if (gain > bestGain) { best = i; bestGain = gain; }
    });
    order.push(rest.splice(best, 1)[0] as CandidateRecord);
  }
  return order;
}

export function planFinal(survivors: readonly CandidateRecord[], o: FinalPlanOptions): FinalPlan {
  const order = finalOrder(survivors, o.ref).slice(0, o.finalCount);
  if (order.length === 0) return { hashes: [], epochs: o.finalEpochs, estimateMs: 0 };
  const cost = (r: CandidateRecord, e: number) => finalCostMs(r, o.trainImages, e, o.costFactor);
  const wall = (models: readonly CandidateRecord[], e: number) => makespan(models.map((r) => cost(r, e)), o.lanes ?? 1);
  const fits = (models: CandidateRecord[], e: number) => wall(models, e) <= o.leftMs;
  const least = Math.min(o.finalEpochs, Math.max(1, o.minEpochs ?? 1));
  const most = (models: CandidateRecord[]) => { for (let e = o.finalEpochs; e >= least; e--) if (fits(models, e)) return e; return undefined; };
  const first = order.slice(0, 1);
  const epochs = (order.length > 1 ? most(order.slice(0, 2)) : undefined) ?? most(first) ?? least;
  if (wall(first, epochs) > o.leftMs + (o.graceMs ?? 0)) {
    return { hashes: [], epochs, estimateMs: 0, unfit: { hash: (order[0] as CandidateRecord).hash, epochs, estimateMs: wall(first, epochs) } };
  }
  const chosen = [order[0] as CandidateRecord];
  for (const r of order.slice(1)) if (wall([...chosen, r], epochs) <= o.leftMs) chosen.push(r);
  const survivorCount = chosen.length;
  const taken = new Set(chosen.map((r) => r.hash));
  // Only a budget leaves time over: without one a run trains its finalCount survivors.
  for (const r of Number.isFinite(o.leftMs) ? o.reserve ?? [] : []) {
    if (r.status === 'complete' && !taken.has(r.hash) && wall([...chosen, r], epochs) <= o.leftMs) { chosen.push(r); taken.add(r.hash); }
  }
  const estimateMs = wall(chosen, epochs);
  const filled = chosen.length - survivorCount;
  return { hashes: chosen.map((r) => r.hash), epochs, estimateMs, ...(estimateMs > o.leftMs ? { overrunMs: estimateMs - o.leftMs } : {}), ...(filled > 0 ? { filled } : {}) };
}

/**
 * The reserve of a final plan: complete promotion records of networks that are
 * not survivors, one per network (by hash and architecture key), the highest
 * rung first (its accuracy says most), then the most accurate.
 */
export function finalReserve(records: readonly CandidateRecord[], survivors: readonly CandidateRecord[]): CandidateRecord[] {
  const promoted = records.filter((r) => r.phase === 'promote').sort((a, b) => b.rung - a.rung || (b.accuracy ?? 0) - (a.accuracy ?? 0) || a.seq - b.seq);
  return firstOfEachNetwork(promoted, survivors);
}

/**
 * The whole-run budget (minutes) at which a --resume trains a final model of `estimateMs`:
 * the time spent plus it, and enough that the final share of the budget holds it (a longer
 * budget also lets the search and promotions go on to their shares), with 10% to spare.
 */
export function budgetToTrain(elapsedMs: number, estimateMs: number, s: { searchShare: number; promoteShare: number }): number {
  const finalShare = Math.max(0.05, 1 - s.searchShare - s.promoteShare);
  return Math.ceil((1.1 * Math.max(elapsedMs + estimateMs, estimateMs / finalShare)) / 60_000);
}

/** Why nothing reached the final phase: no candidate finished (the first failure's reason), or none within the limits was trained. */
export function noSurvivorReason(records: readonly CandidateRecord[]): string {
  if (records.some((r) => r.status === 'complete')) return 'no survivor to train';
  const failed = records.filter((r) => r.status === 'failed');
  if (failed.length > 0) return `no candidate finished training (${failed.length} failed; the first: ${failed[0]?.reason ?? 'no reason given'})`;
  return 'no candidate within the limits was trained';
}

/** Share of the budget a run may leave unused without saying why (issue 16: a run ends within 5% of its budget, or says why). */
export const UNUSED_BUDGET_SHARE = 0.05;

/**
 * Why a run that trained final models ends with more than UNUSED_BUDGET_SHARE
 * of its budget left, or undefined: every promoted network was trained, or
 * what the others were estimated to need (the final phase does not cut a
 * model's epochs below the plan's, so that the front's models share one
 * recipe, and starts nothing its corrected estimate does not fit).
 */
export function unusedTimeReason(records: readonly CandidateRecord[], o: { leftMs: number; budgetMs?: number; trainImages: number; epochs: number; costFactor: number }): string | undefined {
  if (o.budgetMs === undefined || o.leftMs <= UNUSED_BUDGET_SHARE * o.budgetMs) return undefined;
  const finals = records.filter((r) => r.phase === 'final' && r.status === 'complete');
  if (finals.length === 0) return undefined;
  const left = finalReserve(records, finals);
  if (left.length === 0) return 'every promoted model was trained with the final recipe';
  const cheapest = Math.min(...left.map((r) => finalCostMs(r, o.trainImages, o.epochs, o.costFactor)));
  const fit = `the final phase trained what fit at ${epochsText(o.epochs)}`;
  return left.length === 1
    ? `${fit}; the one other promoted model was estimated at about ${minutesText(cheapest)} min`
    : `${fit}; the ${left.length} other promoted models were estimated at ${minutesText(cheapest)} min or more`;
}
