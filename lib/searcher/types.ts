// The searcher's vocabulary: fidelities, what an evaluator does, and the
// record of one finished evaluation as it is written to candidates.jsonl.
import type { Genome } from '../search/genome.js';

/** How cheaply a candidate is trained: the first `trainImages` training images for `epochs` epochs. */
export interface Fidelity {
  trainImages: number;
  epochs: number;
  /** Batch size of fidelity runs (default the recipe's): smaller batches give a brief run more SGD steps per image. */
  batchSize?: number;
}

/** Counted on the built, untrained model. */
export interface Measured {
  params: number;
  macs: number;
  paramsRounded: number;
  macsRounded: number;
  /** The built network's identity apart from its initial weights (lib/model/architecture-key.ts); absent from evaluators that cannot tell. */
  architecture?: string;
}

export interface TrainOutcome {
  /** Percent: on held-out training images for a fidelity, on the test set for the final recipe. */
  accuracy: number;
  seconds: number;
  /** Mean training loss of each epoch (real training; a synthetic evaluator has none). */
  losses?: number[];
}

/**
 * What the searcher needs from tfjs, as an interface so specs can drive the
 * whole run (resume, failures, budgets) with a synthetic evaluator in
 * milliseconds. Any method may throw: the candidate is recorded as failed.
 */
export interface Evaluator {
  /** Training images of the full recipe (for estimating the final training's time). */
  readonly trainImages: number;
  /** The fewest epochs worth a final training (2 under upstream's schedule, whose last epoch runs at lr 0); default 1. */
  readonly minFinalEpochs?: number;
  measure(genome: Genome): Measured;
  /** Trains at a fidelity (schedule without upstream's last-epoch-at-0 quirk) and returns held-out accuracy. */
  evaluate(genome: Genome, fidelity: Fidelity): Promise<TrainOutcome>;
  /** Trains with the exact validation recipe, saves the model folder into `dir`, returns test accuracy. */
  finalize(genome: Genome, epochs: number, dir: string): Promise<TrainOutcome>;
}

export type Phase = 'search' | 'promote' | 'final';
export type CandidateStatus = 'complete' | 'failed' | 'infeasible';

export const CANDIDATE_KIND = 'naschain/candidate';
export const CANDIDATE_VERSION = 1;

export interface CandidateRecord {
  kind: typeof CANDIDATE_KIND;
  version: number;
  /** Position in candidates.jsonl. */
  seq: number;
  phase: Phase;
  /** NSGA-II generation (search phase) or rung (promote: 1.., final: last+1). */
  generation: number;
  rung: number;
  hash: string;
  genome: Genome;
  status: CandidateStatus;
  trainImages: number;
  epochs: number;
  accuracy: number | null;
  params: number | null;
  macs: number | null;
  paramsRounded: number | null;
  macsRounded: number | null;
  /** Sum of relative excesses over the limits; > 0 is infeasible. */
  violation: number;
  reason?: string;
  /** Complete records of real training: the mean training loss of each epoch (TrainOutcome.losses). */
  losses?: number[];
  seconds: number;
  /**
   * The run's elapsed seconds when the record was committed: the time budget's
   * clock (sessions before a --resume included). Absent in records written
   * before it was kept (the report then sums `seconds` instead).
   */
  elapsedSeconds?: number;
  /**
   * Measured.architecture: records with the same one trained the same network
   * (genes it does not use differ), so promotions and the final phase take
   * only the first of them. Absent in records written before it was kept.
   */
  architecture?: string;
}

export interface Limits {
  maxParams: number;
  /** Upstream compares the rounded MAC count, strictly below. */
  maxMacs: number;
  /** 4 bytes per parameter must fit. */
  maxBytes: number;
}
