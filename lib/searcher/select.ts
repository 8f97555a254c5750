// Picking the best k records by NSGA-II's own criterion (non-domination rank
// on (-accuracy, params, MACs), then crowding), used by every promotion.
import { rankAndCrowdingSurvival } from '../search/survival.js';
import type { CandidateRecord } from './types.js';

export function objectivesOf(r: CandidateRecord): number[] {
  return [-(r.accuracy ?? 0), r.params ?? 0, r.macs ?? 0];
}

/** Complete records only, one per genome (the first), best k in survival order. */
export function bestRecords(records: readonly CandidateRecord[], k: number): CandidateRecord[] {
  const seen = new Set<string>();
  const pool = records.filter((r) => r.status === 'complete' && !seen.has(r.hash) && seen.add(r.hash));
  return rankAndCrowdingSurvival(pool.map((r) => ({ objectives: objectivesOf(r), violation: 0 })), Math.min(k, pool.length)).map((s) => pool[s.index] as CandidateRecord);
}
