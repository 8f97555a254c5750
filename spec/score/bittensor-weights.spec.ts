import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import {
  processWeightsForNetuid, convertWeightsAndUidsForEmit, normalizeMaxWeight, rewardsToWeights, weightsVersionKey, u16ToFraction,
} from '../../lib/score/index.js';
import { npSum, pyRound } from '../../lib/score/numpy-arith.js';

// Expected values below come from bittensor's own functions (weight_utils.py at
// v9.0.0, the version NASChain 2.0.12 pins; logic unchanged to v10.2.0), run
// with numpy 2 and the torch steps of NASChain's validator done in numpy float32:
//
//   scores = np.zeros(n, dtype=np.float32); scores[uids] = np.array(rewards, dtype=np.float32)
//   raw = scores / max(scores.sum(), np.float32(1e-12))          # torch normalize(p=1)
//   pu, pw = process_weights_for_netuid(np.arange(n), raw, netuid, subtensor, metagraph)
//   print(raw.tolist(), pu.tolist(), pw.tolist(), convert_weights_and_uids_for_emit(pu, pw))
//
// with subtensor.min_allowed_weights / max_weight_limit stubbed to the numbers
// given and metagraph.n = n. rewards = the three-model example of rewards.spec.ts.
const rewards = [
  { uid: 1, reward: 0.4389064587982884 },
  { uid: 3, reward: 0.3996288784124606 },
  { uid: 6, reward: 0.16146466278925098 },
];
const raw = [0, 0.4389064610004425, 0, 0.3996288776397705, 0, 0, 0.161464661359787, 0];

test('weights pipeline, limit not binding: only upscaling to u16', () => {
  const w = rewardsToWeights(rewards, 8, { minAllowedWeights: 1, maxWeightLimit: 0.5 });
  assert.deepEqual(w.normalized, raw);
  assert.deepEqual(w.processed, { uids: [1, 3, 6], weights: [0.4389064610004425, 0.3996288776397705, 0.161464661359787] });
  // 65535 * 0.3996288776397705 / 0.4389064610004425 = 59670.296 -> 59670; 65535 * 0.161464661359787 / 0.4389064610004425 = 24108.979 -> 24109
  assert.deepEqual(w.emitted, { uids: [1, 3, 6], weights: [65535, 59670, 24109] });
});

test('weights pipeline, max weight limit 0.4 caps the two largest', () => {
  const w = rewardsToWeights(rewards, 8, { minAllowedWeights: 1, maxWeightLimit: 0.4 });
  assert.deepEqual(w.processed, { uids: [1, 3, 6], weights: [0.39999985694885254, 0.39999985694885254, 0.20000022649765015] });
  assert.deepEqual(w.emitted, { uids: [1, 3, 6], weights: [65535, 65535, 32768] });
});

test('weights pipeline, fewer non-zero weights than min allowed: every uid gets 1e-5 added (float64 branch)', () => {
  const w = rewardsToWeights(rewards, 8, { minAllowedWeights: 4, maxWeightLimit: 1 });
  assert.deepEqual(w.processed.uids, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(w.processed.weights, [9.99920006399488e-06, 0.43888135049240307, 9.99920006399488e-06, 0.39960690908704355,
    9.99920006399488e-06, 9.99920006399488e-06, 0.16146174442023337, 9.99920006399488e-06]);
  assert.deepEqual(w.emitted, { uids: [0, 1, 2, 3, 4, 5, 6, 7], weights: [1, 65535, 1, 59670, 1, 1, 24110, 1] });
});

test('weights pipeline, subnet smaller than min allowed: uniform weights', () => {
  const w = rewardsToWeights(rewards, 8, { minAllowedWeights: 9, maxWeightLimit: 0.5 });
  assert.deepEqual(w.processed.weights, Array(8).fill(0.125));
  assert.deepEqual(w.emitted.weights, Array(8).fill(65535));
});

test('bittensor golden cases: random float32 weights through process_weights_for_netuid and emit', () => {
  const fx = JSON.parse(readFileSync(resolve(repoRoot, 'spec/score/fixtures/bittensor-weights.json'), 'utf8')) as {
    cases: { w: number[]; n: number; m: number; l: number; q: number; pu: number[]; pw: number[]; eu: number[]; ev: number[] }[];
  };
  assert.ok(fx.cases.length >= 50);
  for (const [i, c] of fx.cases.entries()) {
    const p = processWeightsForNetuid([...Array(c.n).keys()], c.w, c.n, { minAllowedWeights: c.m, maxWeightLimit: c.l, excludeQuantile: c.q });
    assert.deepEqual(p, { uids: c.pu, weights: c.pw }, `case ${i} (n=${c.n}, min=${c.m}, limit=${c.l}, q=${c.q})`);
    assert.deepEqual(convertWeightsAndUidsForEmit(p.uids, p.weights), { uids: c.eu, weights: c.ev }, `emit case ${i}`);
  }
});

test('emit: largest becomes 65535, ties round to even, zeros dropped, nothing to set when all zero', () => {
  // 0.5/1*65535 = 32767.5 -> Python round -> 32768 (even); 1/65535*... -> tiny values round to 0 and drop.
  assert.deepEqual(convertWeightsAndUidsForEmit([0, 1, 2], [1, 0.5, 1e-6]), { uids: [0, 1], weights: [65535, 32768] });
  assert.deepEqual(convertWeightsAndUidsForEmit([0, 1], [0, 0]), { uids: [], weights: [] });
  assert.throws(() => convertWeightsAndUidsForEmit([0], [-1]), /weights: got \[-1\], expected finite numbers >= 0/);
  assert.equal(pyRound(2.5), 2);
  assert.equal(pyRound(3.5), 4);
  assert.equal(pyRound(2.4999999999999996), 2);
});

test('numpy pairwise summation differs from a left-to-right float32 loop and matches numpy', () => {
  // python3: import numpy as np; a=(np.arange(1,201,dtype=np.float32)/np.float32(1.1))**2; print(float(a.sum()))
  // -> 2220413.25; a float32 left-to-right loop gives 2220413.0.
  const a = Array.from({ length: 200 }, (_, i) => { const v = Math.fround((i + 1) / Math.fround(1.1)); return Math.fround(v * v); });
  assert.equal(npSum(a, 'float32'), 2220413.25);
  let loop = 0;
  for (const v of a) loop = Math.fround(loop + v);
  assert.equal(loop, 2220413);
});

test('normalize_max_weight keeps the sum at 1 and the max near the limit', () => {
  const y = normalizeMaxWeight([10, 1, 1, 1, 1], 0.3);
  assert.ok(Math.abs(y.reduce((s, v) => s + v, 0) - 1) < 1e-6);
  assert.ok(Math.max(...y) <= 0.3 + 1e-6);
  assert.deepEqual(normalizeMaxWeight([1, 2], 0.3), [0.5, 0.5], 'n * limit <= 1 gives uniform weights');
});

test('version key and u16 fraction', () => {
  assert.equal(weightsVersionKey('2.0.12'), 2012);
  assert.equal(weightsVersionKey('1.2.3'), 1023);
  assert.throws(() => weightsVersionKey('v2'), /validator version: got "v2", expected major.minor.patch/);
  assert.equal(u16ToFraction(65535), 1);
});

test('no rewards at all: bittensor falls back to equal weights for every uid', () => {
  const w = rewardsToWeights([], 4, { minAllowedWeights: 1, maxWeightLimit: 0.5 });
  assert.deepEqual(w.processed, { uids: [0, 1, 2, 3], weights: [0.25, 0.25, 0.25, 0.25] });
  assert.deepEqual(w.emitted, { uids: [0, 1, 2, 3], weights: [65535, 65535, 65535, 65535] });
});

test('reward uids are checked', () => {
  assert.throws(() => rewardsToWeights([{ uid: 8, reward: 1 }], 8, { minAllowedWeights: 0, maxWeightLimit: 1 }), /reward uid: got 8, expected an integer in \[0, 8\)/);
  assert.throws(() => rewardsToWeights([{ uid: 1, reward: 1 }, { uid: 1, reward: 1 }], 8, { minAllowedWeights: 0, maxWeightLimit: 1 }), /each uid once/);
});
