// Pure scoring on plain data: upstream's front, tie-break, rewards, the retrain
// loop as a driver, and bittensor's weight processing down to u16.
export type { ScoreRecord, FrontConfig } from './types.js';
export { isCandidate, dominatesModel, paretoFrontOf } from './front.js';
export { breakTies, type TieOutcome, type TieLoss } from './ties.js';
export { computeRewards, PARAMS_PENALTY, MACS_PENALTY, type RewardRow } from './rewards.js';
export { retrainFront, type RetrainOutcome, type RetrainRecord, type RetrainOptions } from './retrain.js';
export {
  normalizeMaxWeight, processWeightsForNetuid, convertWeightsAndUidsForEmit, u16ToFraction, U16_MAX,
  type WeightLimits, type ProcessedWeights,
} from './bittensor-weights.js';
export { rewardsToWeights, weightsVersionKey, type WeightsResult } from './weights.js';
export { scoreRound, type RoundScore } from './round.js';
