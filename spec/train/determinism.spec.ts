// Reproducibility of the whole recipe (init, data order, augmentation, SGD):
// the same seed on the same backend gives bit-identical weights and accuracy;
// another seed gives other weights. Checked on every backend that trains.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../lib/backend/select.js';
import { valiPreset } from '../../lib/core/vali-config.js';
import { train } from '../../lib/train/train.js';
import { syntheticDataset, tinyConvNet } from './synthetic.js';

const config = { ...valiPreset('fashion-mnist'), batchSize: 16, learningRate: 0.05, shuffle: true, augmentation: { cropPadding: 1, horizontalFlip: true, cutoutSize: 3 } };

async function run(seed: number) {
  const model = tinyConvNet();
  const r = await train(model, syntheticDataset({ train: 40, test: 16 }), { ...config, seed }, { epochs: 2 });
  const weights = await Promise.all(model.weights.map(async (w) => Array.from(await w.read().data())));
  model.dispose();
  return { acc: r.testAccuracy, loss: r.epochs.map((e) => e.loss), weights };
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`training determinism on ${backend}`, () => {
    it('same seed: bit-identical weights, losses and accuracy; other seed: other weights', async () => {
      await initBackend(backend);
      const start = tf.memory().numTensors;
      const a = await run(0);
      const b = await run(0);
      assert.equal(a.acc, b.acc);
      assert.deepEqual(a.loss, b.loss);
      assert.deepEqual(a.weights, b.weights);
      const c = await run(1);
      assert.notDeepEqual(c.weights, a.weights);
      assert.equal(tf.memory().numTensors, start);
    });
  });
}
