import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeRewards } from '../../lib/score/index.js';

test('three models: normalised columns, scores and softmax by hand', () => {
  // acc    80, 75, 70         -> (x-70)/10          = 1, 0.5, 0
  // params 100k, 50k, 20k     -> (x-20k)/80k        = 1, 0.375, 0
  // macs   20M, 10M, 30M      -> (x-10M)/20M        = 0.5, 0, 1
  // score = n_acc - 0.25 n_params - 0.5 n_macs      = 0.5, 0.40625, -0.5
  // exp   = 1.6487212707001282, 1.5011778000001228, 0.6065306597126334 (sum 3.7564297304128844)
  // reward = exp / sum = 0.4389064587982884, 0.3996288784124606, 0.16146466278925098
  // (python3: import numpy as np; s=np.array([.5,.40625,-.5]); e=np.exp(s); print(e/e.sum()))
  const rows = computeRewards([
    { uid: 4, accuracy: 80, params: 100_000, macs: 20_000_000 },
    { uid: 9, accuracy: 75, params: 50_000, macs: 10_000_000 },
    { uid: 2, accuracy: 70, params: 20_000, macs: 30_000_000 },
  ]);
  assert.deepEqual(rows.map((r) => r.uid), [4, 9, 2]);
  assert.deepEqual(rows.map((r) => r.normAccuracy), [1, 0.5, 0]);
  assert.deepEqual(rows.map((r) => r.normParams), [1, 0.375, 0]);
  assert.deepEqual(rows.map((r) => r.normMacs), [0.5, 0, 1]);
  assert.deepEqual(rows.map((r) => r.score), [0.5, 0.40625, -0.5]);
  const expected = [0.4389064587982884, 0.3996288784124606, 0.16146466278925098];
  // Bit-equal to numpy (exp of these scores and numpy's pairwise sum agree exactly).
  assert.deepEqual(rows.map((r) => r.reward), expected);
});

test('a single rewarded model gets acc 1, params 0, macs 0 and the whole reward', () => {
  const [r] = computeRewards([{ uid: 7, accuracy: 71, params: 300_000, macs: 40_000_000 }]);
  assert.deepEqual(r, { uid: 7, normAccuracy: 1, normParams: 0, normMacs: 0, score: 1, reward: 1 });
  assert.deepEqual(computeRewards([]), []);
});

test('a column whose values are all equal counts as 0 (upstream would divide by zero and give NaN)', () => {
  // acc equal (80, 80) -> 0, 0; params 100k, 200k -> 0, 1; macs equal -> 0, 0
  // scores 0 and -0.25; rewards e^0/(e^0+e^-0.25) = 0.5621765008857981, 0.4378234991142019
  // (python3: e=np.exp(np.array([0.,-0.25])); print(e/e.sum()))
  const rows = computeRewards([
    { uid: 0, accuracy: 80, params: 100_000, macs: 5_000_000 },
    { uid: 1, accuracy: 80, params: 200_000, macs: 5_000_000 },
  ]);
  assert.deepEqual(rows.map((r) => [r.normAccuracy, r.normParams, r.normMacs, r.score]), [[0, 0, 0, 0], [0, 1, 0, -0.25]]);
  assert.deepEqual(rows.map((r) => r.reward), [0.5621765008857981, 0.4378234991142019]);
  assert.ok(rows.every((r) => Number.isFinite(r.reward)));
  // Every column equal: every score 0, equal shares.
  const same = computeRewards([0, 1, 2, 3].map((uid) => ({ uid, accuracy: 75, params: 1e5, macs: 1e7 })));
  assert.deepEqual(same.map((r) => r.reward), [0.25, 0.25, 0.25, 0.25]);
});
