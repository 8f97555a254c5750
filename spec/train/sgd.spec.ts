import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Sgd } from '../../lib/train/sgd.js';
import { clipByGlobalNorm } from '../../lib/train/clip.js';

describe('Sgd (PyTorch semantics)', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('adds decay to the gradient, starts the buffer at d, then momentum*buf + d', async () => {
    const start = tf.memory().numTensors;
    const init = tf.tensor1d([1, -2]);
    const w = tf.variable(init, true, 'w');
    init.dispose();
    const sgd = new Sgd({ momentum: 0.9, weightDecay: 0.1 });
    const g = tf.tensor1d([0.5, 0.5]);
    // Reference, by hand: step 1: d = g + 0.1w = [0.6, 0.3]; buf = d; w = [1-0.06, -2-0.03] = [0.94, -2.03]
    sgd.step({ w }, { w: g }, 0.1);
    // step 2: d = [0.5+0.094, 0.5-0.203] = [0.594, 0.297]; buf = 0.9*[0.6,0.3] + d = [1.134, 0.567]; w -= 0.1*buf
    sgd.step({ w }, { w: g }, 0.1);
    const v = await w.data();
    assert.ok(Math.abs(v[0]! - (0.94 - 0.1134)) < 1e-6, `w0 ${v[0]}`);
    assert.ok(Math.abs(v[1]! - (-2.03 - 0.0567)) < 1e-6, `w1 ${v[1]}`);
    sgd.dispose();
    g.dispose();
    w.dispose();
    assert.equal(tf.memory().numTensors, start);
  });

  it('clips by the global norm like clip_grad_norm_, and leaves small gradients alone', async () => {
    const start = tf.memory().numTensors;
    const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) }; // global norm 5
    const big = clipByGlobalNorm(grads, 1);
    assert.ok(Math.abs((await big.norm.data())[0]! - 5) < 1e-6);
    const scale = 1 / (5 + 1e-6);
    assert.ok(Math.abs((await big.grads.a!.data())[0]! - 3 * scale) < 1e-6);
    assert.ok(Math.abs((await big.grads.b!.data())[1]! - 4 * scale) < 1e-6);
    const small = clipByGlobalNorm(grads, 10);
    assert.deepEqual(Array.from(await small.grads.b!.data()), [0, 4]);
    for (const t of [big.norm, small.norm, ...Object.values(big.grads), ...Object.values(small.grads), grads.a, grads.b]) t.dispose();
    assert.equal(tf.memory().numTensors, start);
  });
});
