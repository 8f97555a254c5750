// Upstream's rounding of the scored metrics (src/validator/forward.py at
// 7fbf78d): params through round_to_nearest_significant(params, 1), MACs
// through round_flops_to_nearest_significant. Both are Python float maths with
// round() halving to even on the exact binary value (py-round.ts), so exact
// halves go to even: 25,000 params -> 20,000; 12,500,000 MACs -> 12,000,000;
// 43,500,000 -> 43,000,000 (4.35 is a hair below 4.35 as a double). The
// validator compares and ranks these values; the exact counts are kept for
// reports. Upstream never converts them back to int, so a few rounded MAC
// counts are not integers there (110,000,000 is 110000000.00000001, 230,000,000
// is 229999999.99999997; no rounded param count below 10^13 is).
// roundMacsUpstreamFloat gives that exact double; roundMacs gives the integer
// it stands for, which is what the validator stores (its state keeps integers)
// and ranks: the two order every pair of models the same way, and agree on
// max_flops (280,000,000 is exact). Only reward normalisation could differ,
// in the 16th digit (docs/upstream-differences.md).
import { roundFlopsToNearestSignificant, roundToNearestSignificant } from './py-round.js';

/** round_to_nearest_significant(value, digits), upstream's helper. */
export function roundSignificant(value: number, digits: number): number {
  return roundToNearestSignificant(value, digits);
}

/** Parameters to 1 significant digit: 123,456 -> 100,000; 157,000 -> 200,000; 25,000 -> 20,000. */
export function roundParams(params: number): number {
  return roundToNearestSignificant(params, 1);
}

/** MACs to 1 significant digit up to 7 integer digits, else 2: 43,210,000 -> 43,000,000; 12,500,000 -> 12,000,000. */
export function roundMacs(macs: number): number {
  return Math.round(roundFlopsToNearestSignificant(macs));
}

/** round_flops_to_nearest_significant exactly as Python leaves it: a double that may miss the integer by an ulp. */
export function roundMacsUpstreamFloat(macs: number): number {
  return roundFlopsToNearestSignificant(macs);
}

/** Accuracy in percent floored to an integer, as the validator scores it (math.floor). */
export function floorAccuracy(percent: number): number {
  return Math.floor(percent);
}
