// Upstream's reward: min-max normalise accuracy, params and MACs over the
// rewarded models, score = n_acc - 0.25 n_params - 0.5 n_macs, reward = softmax
// of the scores. Float64 throughout, as pandas computes it.
import { npSum } from './numpy-arith.js';
import type { ScoreRecord } from './types.js';

export const PARAMS_PENALTY = 0.25;
export const MACS_PENALTY = 0.5;

export interface RewardRow {
  uid: number;
  normAccuracy: number;
  normParams: number;
  normMacs: number;
  score: number;
  /** Share of the round's reward, the rows sum to 1. */
  reward: number;
}

/**
 * (v - min) / (max - min) for each value.
 * quirk (upstream, fixed): upstream divides by zero when every value of a
 * column is equal, which makes every reward NaN; such a column counts as 0.
 */
function minMax(values: readonly number[]): number[] {
  const lo = Math.min(...values), hi = Math.max(...values);
  return values.map((v) => (hi === lo ? 0 : (v - lo) / (hi - lo)));
}

/** Rewards of the models that survived the tie-break, in input order. */
export function computeRewards(rewarded: readonly Pick<ScoreRecord, 'uid' | 'accuracy' | 'params' | 'macs'>[]): RewardRow[] {
  const n = rewarded.length;
  if (n === 0) return [];
  let nAcc: number[], nParams: number[], nMacs: number[];
  if (n === 1) {
    // Upstream's special case for a single rewarded model.
    nAcc = [1]; nParams = [0]; nMacs = [0];
  } else {
    nAcc = minMax(rewarded.map((m) => m.accuracy));
    nParams = minMax(rewarded.map((m) => m.params));
    nMacs = minMax(rewarded.map((m) => m.macs));
  }
  const scores = rewarded.map((_, i) => (nAcc[i] as number) - PARAMS_PENALTY * (nParams[i] as number) - MACS_PENALTY * (nMacs[i] as number));
  const exps = scores.map(Math.exp);
  // numpy's pairwise sum, so that the float64 rewards match upstream's to the bit where exp does.
  const total = npSum(exps, 'float64');
  return rewarded.map((m, i) => ({
    uid: m.uid,
    normAccuracy: nAcc[i] as number,
    normParams: nParams[i] as number,
    normMacs: nMacs[i] as number,
    score: scores[i] as number,
    reward: (exps[i] as number) / total,
  }));
}
