// From rewards to the u16 weights a validator sets on chain, as NASChain's
// validator does it: rewards scattered into a float32 vector of the subnet's
// size, L1-normalised (torch.nn.functional.normalize, p=1), then bittensor's
// process_weights_for_netuid and convert_weights_and_uids_for_emit.
import { invalid } from '../core/errors.js';
import { convertWeightsAndUidsForEmit, processWeightsForNetuid, type ProcessedWeights, type WeightLimits } from './bittensor-weights.js';
import { npSum } from './numpy-arith.js';

export interface WeightsResult {
  /** The L1-normalised float32 vector, one entry per uid. */
  normalized: number[];
  /** After the chain's limits, as bittensor returns them (uids with float weights). */
  processed: ProcessedWeights;
  /** What set_weights sends: uids and u16 weights, zeros dropped. */
  emitted: ProcessedWeights;
}

/**
 * rewards: one entry per rewarded uid (unique, 0 <= uid < subnetSize).
 * The L1 sum is taken in float32 with numpy's summation order; torch may add in
 * another order, which can move a weight by one float32 ulp, far below one u16 step
 * except in rare rounding ties.
 */
export function rewardsToWeights(rewards: readonly { uid: number; reward: number }[], subnetSize: number, limits: WeightLimits): WeightsResult {
  if (!Number.isInteger(subnetSize) || subnetSize <= 0) throw invalid('subnet size', subnetSize, 'a positive integer');
  const scores = new Array<number>(subnetSize).fill(0);
  const seen = new Set<number>();
  for (const { uid, reward } of rewards) {
    if (!Number.isInteger(uid) || uid < 0 || uid >= subnetSize) throw invalid('reward uid', uid, `an integer in [0, ${subnetSize})`);
    if (seen.has(uid)) throw invalid('reward uid', uid, 'each uid once');
    if (!Number.isFinite(reward) || reward < 0) throw invalid(`reward of uid ${uid}`, reward, 'a finite number >= 0');
    seen.add(uid);
    scores[uid] = Math.fround(reward);
  }
  const l1 = Math.max(npSum(scores, 'float32'), 1e-12);
  const normalized = scores.map((s) => Math.fround(s / l1));
  const uids = [...Array(subnetSize).keys()];
  const processed = processWeightsForNetuid(uids, normalized, subnetSize, limits);
  return { normalized, processed, emitted: convertWeightsAndUidsForEmit(processed.uids, processed.weights) };
}

/** set_weights' version_key from a validator version "major.minor.patch": 1000*major + 10*minor + patch. */
export function weightsVersionKey(version: string): number {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m) throw invalid('validator version', version, 'major.minor.patch');
  return 1000 * Number(m[1]) + 10 * Number(m[2]) + Number(m[3]);
}
