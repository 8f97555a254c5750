// Picking records for the next rung: NSGA-II's own criterion (non-domination
// rank on (-accuracy, params, MACs), then crowding) for the spread of the
// front, plus the most accurate, for the end of it a miner submits from.
import { rankAndCrowdingSurvival } from '../search/survival.js';
import type { ScoredPoint } from './hypervolume.js';
import type { CandidateRecord } from './types.js';

/** The record as a point of the (accuracy, params, MACs) hypervolume. */
export function scoredPointOf(r: CandidateRecord): ScoredPoint {
  return { accuracy: r.accuracy ?? 0, params: r.params ?? 0, macs: r.macs ?? 0 };
}

export function objectivesOf(r: CandidateRecord): number[] {
  return [-(r.accuracy ?? 0), r.params ?? 0, r.macs ?? 0];
}

/**
 * Complete records, the first of each network: genomes that build the same one
 * (CandidateRecord.architecture) count once; networks of `taken` are left out.
 */
export function firstOfEachNetwork(records: readonly CandidateRecord[], taken: readonly CandidateRecord[] = []): CandidateRecord[] {
  const keysOf = (r: CandidateRecord) => (r.architecture !== undefined ? [r.hash, r.architecture] : [r.hash]);
  const seen = new Set(taken.flatMap(keysOf));
  return records.filter((r) => {
    if (r.status !== 'complete') return false;
    const keys = keysOf(r);
    if (keys.some((k) => seen.has(k))) return false;
    for (const k of keys) seen.add(k);
    return true;
  });
}

/** Complete records only, one per genome and per network (the first), best k in survival order. */
export function bestRecords(records: readonly CandidateRecord[], k: number): CandidateRecord[] {
  const pool = firstOfEachNetwork(records);
  return rankAndCrowdingSurvival(pool.map((r) => ({ objectives: objectivesOf(r), violation: 0 })), Math.min(k, pool.length)).map((s) => pool[s.index] as CandidateRecord);
}

/**
 * The k records a promotion takes: the ceil(k / 2) most accurate, then the best
 * of the rest by rank and crowding. A brief run ranks bigger models low (they
 * learn slower), and on three objectives many tiny models share the first
 * front, so rank and crowding alone can leave out every model that would be
 * the most accurate after the full recipe. Returned most accurate first, so a
 * rung the time budget cuts short has trained those (ties: earlier record first).
 */
export function promotionPool(records: readonly CandidateRecord[], k: number): CandidateRecord[] {
  const pool = firstOfEachNetwork(records);
  const byAccuracy = (a: CandidateRecord, b: CandidateRecord) => (b.accuracy ?? 0) - (a.accuracy ?? 0);
  const top = [...pool].sort(byAccuracy).slice(0, Math.ceil(Math.min(k, pool.length) / 2));
  const rest = bestRecords(pool.filter((r) => !top.includes(r)), Math.min(k, pool.length) - top.length);
  return [...top, ...rest].sort(byAccuracy);
}

/** How many of a rung's `n` networks the next rung trains: 1/eta of them, never fewer than finalCount. */
export function nextRungSize(n: number, s: { finalCount: number; eta: number }): number {
  return Math.max(s.finalCount, Math.ceil(n / s.eta));
}

/**
 * The survivors when the budget cuts a rung short with fewer than finalCount
 * complete records: those records, most accurate first, then the previous
 * rung's picks that it did not train (one that failed there is left out).
 * Rung-2 entrants start most accurate first, so the finished ones are the top
 * of the previous rung's order; their higher-rung scores rank them first
 * (finalOrder puts the highest rung first).
 * Issue 16, seed 3: dropping the cut rung left its best network (87.45% at
 * rung 2) fourth among rung-1 scores, and finalCount cut it.
 */
export function survivorsOfCutRung(done: readonly CandidateRecord[], entrants: readonly CandidateRecord[]): CandidateRecord[] {
  const complete = done.filter((r) => r.status === 'complete').sort((a, b) => (b.accuracy ?? 0) - (a.accuracy ?? 0));
  return [...complete, ...firstOfEachNetwork(entrants, done)];
}
