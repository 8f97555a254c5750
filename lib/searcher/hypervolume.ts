// Hypervolume of a set of (accuracy, params, MACs) points in normalised
// objectives: f = ((100 - acc) / (100 - ref.accuracy), params / ref.params,
// macs / ref.macs), all minimised, against the reference point (1, 1, 1). A
// point worse than the reference in any objective adds nothing. The search's
// progress view, the final plan and the report use ref = (0 %, max params,
// max MACs): hvReference.
import { hypervolume } from '../pareto/hypervolume.js';
import type { Limits } from './types.js';

export interface HvReference {
  accuracy: number;
  params: number;
  macs: number;
}

export interface ScoredPoint {
  accuracy: number;
  params: number;
  macs: number;
}

export function normalisedObjectives(p: ScoredPoint, ref: HvReference): number[] {
  return [(100 - p.accuracy) / (100 - ref.accuracy), p.params / ref.params, p.macs / ref.macs];
}

export function normalisedHypervolume(points: readonly ScoredPoint[], ref: HvReference): number {
  return hypervolume(points.map((p) => normalisedObjectives(p, ref)), [1, 1, 1]);
}

/** A run's reference point: 0 % accuracy and its caps. */
export function hvReference(limits: Limits): HvReference {
  return { accuracy: 0, params: limits.maxParams, macs: limits.maxMacs };
}
