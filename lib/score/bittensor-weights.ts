// Our TypeScript reproduction of bittensor's weight post-processing
// (bittensor/utils/weight_utils.py: normalize_max_weight, process_weights_for_netuid,
// convert_weights_and_uids_for_emit). Read at bittensor v9.0.0 (the version
// NASChain 2.0.12 pins, with numpy 2.0.1) and checked unchanged in logic up to
// v10.2.0 (commit bb526e6d). numpy 2's promotion rules (NEP 50) decide which
// steps run in float32 and which in float64; we follow them so that the u16
// weights we emit equal the Python validator's. Where bittensor has a branch
// that looks odd, we keep it and say so: matching the chain's behaviour is the point.
import { invalid } from '../core/errors.js';
import { npCumsum, npQuantileF32, npSum, pyRound, rounder, type Dtype } from './numpy-arith.js';

export const U16_MAX = 65535;
const EPSILON = 1e-7;

/** The chain's per-subnet limits that shape weights. */
export interface WeightLimits {
  /** Subnet hyperparameter MinAllowedWeights. */
  minAllowedWeights: number;
  /** Subnet hyperparameter MaxWeightsLimit as a fraction (the chain's u16 divided by 65535). */
  maxWeightLimit: number;
  /** bittensor's exclude_quantile, in u16 units (0..65535); NASChain passes 0. */
  excludeQuantile?: number;
}

/** The chain stores MaxWeightsLimit as a u16; bittensor divides by 65535. */
export function u16ToFraction(value: number): number {
  return value / U16_MAX;
}

/**
 * normalize_max_weight: scale x to sum 1 with no entry above limit, by capping
 * the largest entries at a common cutoff. dtype is the numpy dtype of x.
 */
export function normalizeMaxWeight(x: readonly number[], limit: number, dtype: Dtype = 'float32'): number[] {
  const r = rounder(dtype);
  const n = x.length;
  const weights = x.map(r);
  const values = [...weights].sort((a, b) => a - b);
  // numpy 2: a Python float meeting a float32 array or scalar becomes float32.
  const limitT = r(limit), epsT = r(EPSILON);
  if (npSum(weights, dtype) === 0 || n * limit <= 1) return weights.map(() => r(1 / n));
  const valuesSum = npSum(values, dtype);
  const estimation = values.map((v) => r(v / valuesSum));
  if (Math.max(...estimation) <= limitT) {
    const s = npSum(weights, dtype);
    return weights.map((w) => r(w / s));
  }
  const cumsum = npCumsum(estimation, dtype);
  let nValues = 0;
  for (let i = 0; i < n; i++) {
    const tail = r((n - i - 1) * (estimation[i] as number));
    if (r((estimation[i] as number) / r(r(tail + (cumsum[i] as number)) + epsT)) < limitT) nValues++;
  }
  // bittensor indexes cumsum[n_values - 1]; with n_values = 0 Python wraps to the last entry.
  const c = cumsum[nValues === 0 ? n - 1 : nValues - 1] as number;
  const numerator = r(r(limitT * c) - epsT);
  // The denominator mixes a Python float with numpy's int64 count: float64 from here on.
  const cutoffScale = numerator / (1 - limit * (n - nValues));
  const cutoff = cutoffScale * valuesSum;
  const capped = weights.map((w) => (w > cutoff ? r(cutoff) : w));
  const s = npSum(capped, dtype);
  return capped.map((w) => r(w / s));
}

export interface ProcessedWeights {
  uids: number[];
  weights: number[];
}

/**
 * process_weights_for_netuid with the chain's limits given as plain numbers.
 * weights are cast to float32 as bittensor does; numNeurons is the metagraph's n.
 */
export function processWeightsForNetuid(
  uids: readonly number[], weights: readonly number[], numNeurons: number, limits: WeightLimits,
): ProcessedWeights {
  if (uids.length !== weights.length) throw invalid('weights', weights.length, `one weight per uid (${uids.length})`);
  const { minAllowedWeights, maxWeightLimit } = limits;
  const w32 = weights.map(Math.fround);
  const quantile = (limits.excludeQuantile ?? 0) / U16_MAX;
  const nzIdx = w32.flatMap((w, i) => (w > 0 ? [i] : []));
  const nzUids = nzIdx.map((i) => uids[i] as number);
  const nzWeights = nzIdx.map((i) => w32[i] as number);
  const arange = (k: number) => [...Array(k).keys()];
  if (nzWeights.length === 0 || numNeurons < minAllowedWeights) {
    // bittensor: "No non-zero weights returning all ones" (float64, every uid).
    return { uids: arange(numNeurons), weights: arange(numNeurons).map(() => 1 / numNeurons) };
  }
  if (nzWeights.length < minAllowedWeights) {
    // bittensor gives every neuron 1e-5 (a float64 array) and adds the weights on top.
    const padded = arange(numNeurons).map(() => 1e-5);
    nzIdx.forEach((i, k) => { padded[i] = (padded[i] as number) + (nzWeights[k] as number); });
    return { uids: arange(numNeurons), weights: normalizeMaxWeight(padded, maxWeightLimit, 'float64') };
  }
  const maxExclude = Math.max(0, nzWeights.length - minAllowedWeights) / nzWeights.length;
  const lowest = npQuantileF32(nzWeights, Math.min(quantile, maxExclude));
  const keep = nzWeights.map((w) => lowest <= w);
  const keptUids = nzUids.filter((_, k) => keep[k]);
  const keptWeights = nzWeights.filter((_, k) => keep[k]);
  return { uids: keptUids, weights: normalizeMaxWeight(keptWeights, maxWeightLimit, 'float32') };
}

/**
 * convert_weights_and_uids_for_emit: max-upscale to u16 (largest -> 65535) with
 * Python's round (ties to even) in float64, and drop entries that round to 0.
 */
export function convertWeightsAndUidsForEmit(uids: readonly number[], weights: readonly number[]): ProcessedWeights {
  if (uids.length !== weights.length) throw invalid('weights', weights.length, `one weight per uid (${uids.length})`);
  if (weights.some((w) => w < 0 || !Number.isFinite(w))) throw invalid('weights', weights, 'finite numbers >= 0');
  if (uids.some((u) => u < 0 || !Number.isInteger(u))) throw invalid('uids', uids, 'integers >= 0');
  if (weights.length === 0 || weights.every((w) => w === 0)) return { uids: [], weights: [] };
  const max = Math.max(...weights);
  const out: ProcessedWeights = { uids: [], weights: [] };
  weights.forEach((w, i) => {
    const v = pyRound((w / max) * U16_MAX);
    if (v !== 0) {
      out.uids.push(uids[i] as number);
      out.weights.push(v);
    }
  });
  return out;
}
