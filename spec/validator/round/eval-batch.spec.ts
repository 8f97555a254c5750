import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../../lib/backend/select.js';
import { EVAL_ACTIVATION_BUDGET, EVAL_BATCH, evalBatchSize } from '../../../lib/validator/round/eval-batch.js';

function model(padding: number): tfl.LayersModel {
  const input = tfl.input({ shape: [28, 28, 1] });
  let x = tfl.layers.zeroPadding2d({ padding }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 10 }).apply(x) as tfl.SymbolicTensor });
}

test('a small model evaluates at the full batch; one with huge activations in batches that fit the budget', async () => {
  await initBackend('cpu');
  const before = tf.memory().numTensors;
  const small = model(0);
  assert.equal(evalBatchSize(small), EVAL_BATCH);
  const big = model(1000); // 2028x2028 activations per image: ~4.1M floats
  const batch = evalBatchSize(big);
  assert.ok(batch >= 1 && batch < EVAL_BATCH, `batch ${batch}`);
  assert.ok(batch * 2028 * 2028 <= EVAL_ACTIVATION_BUDGET);
  assert.ok((batch + 1) * (2028 * 2028 + 1 + 10) > EVAL_ACTIVATION_BUDGET, 'as large as the budget allows');
  small.dispose();
  big.dispose();
  assert.equal(tf.memory().numTensors, before);
});
