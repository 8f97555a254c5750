// One scoring pass on already-retrained numbers: front, tie-break, rewards.
import { paretoFrontOf } from './front.js';
import { computeRewards, type RewardRow } from './rewards.js';
import { breakTies, type TieOutcome } from './ties.js';
import type { FrontConfig, ScoreRecord } from './types.js';

export interface RoundScore<T> {
  front: T[];
  ties: TieOutcome<T>;
  rewards: RewardRow[];
}

export function scoreRound<T extends ScoreRecord>(models: readonly T[], config: FrontConfig): RoundScore<T> {
  const front = paretoFrontOf(models, config);
  const ties = breakTies(front);
  return { front, ties, rewards: computeRewards(ties.rewarded) };
}
