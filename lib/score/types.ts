// The plain records scoring works on. Numbers arrive already measured and
// rounded (accuracy floored to a percent, params and MACs rounded the upstream
// way by lib/eval); nothing here measures or rounds.

export interface ScoreRecord {
  uid: number;
  hotkey: string;
  /** Block of the commitment; lower wins a tie. */
  block: number;
  /** Index of the commitment's extrinsic inside its block; lower wins a tie on the same block. */
  extrinsicIndex: number;
  /** Floored test accuracy in percent. */
  accuracy: number;
  /** Parameter count, rounded to 1 significant digit. */
  params: number;
  /** MACs of one forward pass, rounded (upstream calls them flops). */
  macs: number;
}

/** The two vali_config numbers the front depends on. */
export interface FrontConfig {
  /** Percent; a model below it is never on the front. */
  minAccuracy: number;
  /** A model with macs at or above it is never on the front. */
  maxMacs: number;
}
