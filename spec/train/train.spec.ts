import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { train } from '../../lib/train/train.js';
import { valiPreset } from '../../lib/core/vali-config.js';
import { syntheticDataset, tinyConvNet } from './synthetic.js';

const config = { ...valiPreset('fashion-mnist'), batchSize: 16, learningRate: 0.05, augmentation: { cropPadding: 0, horizontalFlip: false, cutoutSize: 0 } };

describe('train', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('learns a separable synthetic task, reports per-epoch stats and leaks no tensors', async () => {
    const data = syntheticDataset({ train: 96, test: 40 });
    const model = tinyConvNet();
    const before = tf.memory().numTensors;
    const epochsSeen: number[] = [];
    const r = await train(model, data, config, { epochs: 3, progress: { onEpoch: (p) => epochsSeen.push(p.epoch) } });
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(epochsSeen, [0, 1, 2]);
    assert.equal(r.epochs.length, 3);
    assert.equal(r.trainImages, 96);
    assert.ok(r.epochs[2]!.loss < r.epochs[0]!.loss, `loss fell: ${r.epochs.map((e) => e.loss)}`);
    assert.ok(r.testAccuracy >= 90, `test accuracy ${r.testAccuracy}`);
    model.dispose();
  });

  it('keeps the last partial batch and honours subset, epochs and lr overrides', async () => {
    const data = syntheticDataset({ train: 50, test: 8 });
    const model = tinyConvNet();
    const batches: number[] = [];
    const r = await train(model, data, config, { epochs: 2, learningRate: 0.2, subset: 20, progress: { onBatch: (p) => batches.push(p.batches) } });
    assert.equal(r.trainImages, 20);
    assert.equal(batches.at(-1), 2); // 20 images at batch 16: 16 + 4
    assert.deepEqual(r.epochs.map((e) => e.lr), [0.1, 0]); // upstream quirk: 0.2*0.5*(1+cos(pi*1/2)), then 0
    model.dispose();
  });

  it('stops at an aborted signal without leaking tensors', async () => {
    const data = syntheticDataset({ train: 64, test: 8 });
    const model = tinyConvNet();
    const start = tf.memory().numTensors;
    const ac = new AbortController();
    await assert.rejects(train(model, data, config, { epochs: 3, signal: ac.signal, progress: { onEpoch: () => ac.abort(new Error('stop here')) } }), /stop here/);
    assert.equal(tf.memory().numTensors, start);
    model.dispose();
  });

  it('an abort from a timer lands mid-run (the loop yields to the event loop)', async () => {
    const data = syntheticDataset({ train: 64, test: 8 });
    const model = tinyConvNet();
    const start = tf.memory().numTensors;
    const t0 = performance.now();
    const r = train(model, data, config, { epochs: 500, signal: AbortSignal.timeout(150) });
    await assert.rejects(r, (e: Error) => e.name === 'TimeoutError');
    assert.ok(performance.now() - t0 < 20_000);
    assert.equal(tf.memory().numTensors, start);
    model.dispose();
  });
});
