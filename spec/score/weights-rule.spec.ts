import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rewardsToWeights } from '../../lib/score/weights.js';
import { limitsText, weightsRuleOf, weightsRuleText } from '../../lib/score/weights-rule.js';

const limits = { minAllowedWeights: 1, maxWeightLimit: 1 };

test('nothing rewarded: the rule named is the all-zero one, and the weights really are 65535 on every uid', () => {
  for (const size of [1, 4]) {
    const w = rewardsToWeights([], size, limits);
    assert.deepEqual(w.emitted.uids, [...Array(size).keys()]);
    assert.ok(w.emitted.weights.every((x) => x === 65535));
    assert.equal(weightsRuleOf({ rewarded: 0, subnetSize: size, limits }), 'all-zero');
    const text = weightsRuleText({ rewarded: 0, subnetSize: size, limits }) ?? '';
    assert.match(text, /bittensor's rule for all-zero weights/);
    assert.match(text, size === 1 ? /uid 0, the only one, gets 65535 with reward 0/ : /each of uids 0\.\.3 gets 65535/);
  }
});

test('a subnet smaller than MinAllowedWeights is the same rule; fewer rewarded than MinAllowedWeights is the 1e-5 padding', () => {
  const strict = { minAllowedWeights: 8, maxWeightLimit: 1 };
  assert.equal(weightsRuleOf({ rewarded: 2, subnetSize: 5, limits: strict }), 'all-zero');
  assert.match(weightsRuleText({ rewarded: 2, subnetSize: 5, limits: strict }) ?? '', /fewer than MinAllowedWeights 8/);
  assert.equal(weightsRuleOf({ rewarded: 2, subnetSize: 20, limits: strict }), 'below-min-allowed');
  const padded = rewardsToWeights([{ uid: 3, reward: 0.6 }, { uid: 7, reward: 0.4 }], 20, strict);
  assert.equal(padded.emitted.uids.length, 20, 'every uid gets a weight, as the text says');
  assert.equal(weightsRuleText({ rewarded: 2, subnetSize: 20, limits }), null, 'plain rewards need no note');
});

test('the limits are stated as the chain and --max-weight-limit take them (u16), not as a fraction', () => {
  assert.equal(limitsText(11, { minAllowedWeights: 1, maxWeightLimit: 1 }), 'subnet size 11, MinAllowedWeights 1, MaxWeightsLimit 65535 (u16; 100.0% of the total)');
  assert.match(limitsText(11, { minAllowedWeights: 1, maxWeightLimit: 6553 / 65535 }), /MaxWeightsLimit 6553 \(u16; 10\.0% of the total\)/);
});
