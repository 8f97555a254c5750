// The plain-data outcome of a round: one row per submission folder, the front,
// the retrains, the rewards and the u16 weights. Everything but `timings` is a
// pure function of the submissions, the config, the seed and the backend, so
// two runs (or a killed and resumed run) produce it bit for bit.
import type { WeightLimits } from '../../score/bittensor-weights.js';
import type { RejectReason } from '../reject-reasons.js';

export const ROUND_RESULT_KIND = 'naschain/validator-round';
export const ROUND_RESULT_VERSION = 1;

/**
 * front: on the final front and rewarded; tie-lost: on the front, lost the
 * tie-break; dropped: retrained below its submitted accuracy (or the retrain
 * failed) and off the front; dominated / not-candidate: off the front by the
 * Pareto rule; rejected: never scored.
 */
export type ParetoStatus = 'front' | 'tie-lost' | 'dropped' | 'dominated' | 'not-candidate' | 'rejected';

export interface RoundRow {
  name: string;
  uid: number | null;
  hotkey: string | null;
  repo: string | null;
  commit: string | null;
  /** Submitted model's test accuracy, percent, exact and floored (null when not measured). */
  accuracy: number | null;
  accuracyFloor: number | null;
  params: number | null;
  paramsRounded: number | null;
  macs: number | null;
  macsRounded: number | null;
  /** After re-initialising and retraining with the recipe; null when not retrained. */
  retrainAccuracy: number | null;
  retrainAccuracyFloor: number | null;
  /** Training-set accuracy of the retrained model (inference mode, first TRAIN_ACCURACY_IMAGES images). */
  trainAccuracy: number | null;
  /** trainAccuracy - retrainAccuracy, percentage points. */
  gap: number | null;
  /** The accuracy the front was computed with (the retrained one where retrained). */
  scoredAccuracy: number | null;
  pareto: ParetoStatus;
  reward: number;
  /** The u16 weight emitted for this uid (0 when none). */
  weight: number;
  /** Rejection code, tie loss, or why it was dropped; null for a rewarded model. */
  reason: RejectReason | 'later-block' | 'later-extrinsic' | 'unbroken-tie' | 'retrained-below-submitted' | null;
  message: string | null;
}

export interface RoundRetrain {
  uid: number;
  submitted: number;
  retrained: number;
  kept: boolean;
}

export interface RoundTimings {
  totalMs: number;
  /** Wall time of the evaluation phase of this run (stored results cost nothing). */
  evaluateMs: number;
  retrainMs: number;
  /** Submissions evaluated / retrained in this run (not remembered from the state). */
  evaluated: number;
  retrained: number;
}

export interface RoundResult {
  kind: typeof ROUND_RESULT_KIND;
  version: typeof ROUND_RESULT_VERSION;
  source: string;
  dataset: string;
  backend: string;
  config: { minAccuracy: number; maxMacs: number; trainEpochs: number; learningRate: number; seed: number };
  /** False when run with retrain off (no leak guard; for benchmarks). */
  retrain: boolean;
  subnetSize: number;
  limits: WeightLimits;
  rows: RoundRow[];
  /** uids of the final front, in row order. */
  front: number[];
  retrains: RoundRetrain[];
  /** What set_weights would send: uids and u16 weights, zeros dropped. */
  weights: { uids: number[]; weights: number[] };
  timings: RoundTimings;
}

/** The result without its timings: what must be identical across runs. */
export function deterministicPart(r: RoundResult): Omit<RoundResult, 'timings'> {
  const { timings: _timings, ...rest } = r;
  return rest;
}
