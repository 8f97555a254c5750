// Upstream's Pareto front over (accuracy up, params down, MACs down): a model
// is a candidate when accurate enough and cheap enough, and a candidate is on
// the front when no other model, candidate or not, dominates it.
import { dominates } from '../pareto/dominance.js';
import type { FrontConfig, ScoreRecord } from './types.js';

type Measured = Pick<ScoreRecord, 'accuracy' | 'params' | 'macs'>;

export function isCandidate(m: Measured, config: FrontConfig): boolean {
  return m.accuracy >= config.minAccuracy && m.macs < config.maxMacs;
}

/**
 * Upstream's three cases (j beats i when better in one of accuracy, params,
 * MACs and no worse in the other two) are exactly Pareto dominance on
 * (-accuracy, params, macs); models with identical numbers do not dominate
 * each other, so ties reach the front and are settled by lib/score/ties.
 */
export function dominatesModel(j: Measured, i: Measured): boolean {
  return dominates([-j.accuracy, j.params, j.macs], [-i.accuracy, i.params, i.macs]);
}

/** Front members in input order. Every model, candidate or not, can dominate. */
export function paretoFrontOf<T extends Measured>(models: readonly T[], config: FrontConfig): T[] {
  return models.filter((mi, i) => isCandidate(mi, config) && !models.some((mj, j) => j !== i && dominatesModel(mj, mi)));
}
