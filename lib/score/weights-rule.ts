// Which of bittensor's rules shaped a round's weights, in words for the
// validator's summary and report. Without it a round where nothing qualifies
// reads as a bug: no model earned anything, yet uid 0 (or every uid) gets
// weight 65535. That is bittensor's process_weights_for_netuid, which
// bittensor-weights.ts reproduces: all-zero weights (or a subnet smaller than
// MinAllowedWeights) become equal weights on every uid, and fewer non-zero
// weights than MinAllowedWeights get 1e-5 on every uid added under them.
import { U16_MAX, type WeightLimits } from './bittensor-weights.js';

export type WeightsRule = 'rewards' | 'all-zero' | 'below-min-allowed';

export interface WeightsRuleInput {
  /** Uids with a reward above 0. */
  rewarded: number;
  subnetSize: number;
  limits: WeightLimits;
}

export function weightsRuleOf(r: WeightsRuleInput): WeightsRule {
  if (r.rewarded === 0 || r.subnetSize < r.limits.minAllowedWeights) return 'all-zero';
  if (r.rewarded < r.limits.minAllowedWeights) return 'below-min-allowed';
  return 'rewards';
}

/** One line saying why the weights are what they are, or null when they are simply the rewards. */
export function weightsRuleText(r: WeightsRuleInput): string | null {
  switch (weightsRuleOf(r)) {
    case 'all-zero': {
      const why = r.rewarded === 0
        ? 'no model earned a reward (none is on the front)'
        : `the subnet has ${r.subnetSize} uid(s), fewer than MinAllowedWeights ${r.limits.minAllowedWeights}`;
      const who = r.subnetSize === 1 ? 'uid 0, the only one, gets 65535' : `each of uids 0..${r.subnetSize - 1} gets 65535`;
      return `why these weights: ${why}, so bittensor's rule for all-zero weights applies (process_weights_for_netuid: "No non-zero weights returning all ones"): every uid gets an equal weight, so ${who} with reward 0`;
    }
    case 'below-min-allowed':
      return `why these weights: ${r.rewarded} rewarded uid(s), fewer than MinAllowedWeights ${r.limits.minAllowedWeights}, so bittensor gives every uid 1e-5 and adds the rewards on top before scaling to u16`;
    case 'rewards':
      return null;
  }
}

/** The limits as the chain and the --max-weight-limit flag state them: u16 (65535 = all of the weight). */
export function limitsText(subnetSize: number, limits: WeightLimits): string {
  const u16 = Math.round(limits.maxWeightLimit * U16_MAX);
  return `subnet size ${subnetSize}, MinAllowedWeights ${limits.minAllowedWeights}, MaxWeightsLimit ${u16} (u16; ${(limits.maxWeightLimit * 100).toFixed(1)}% of the total)`;
}
