import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../lib/backend/select.js';
import { GRADIENTS } from '../../../lib/backend/gradients/index.js';
import { seededValues } from '../compare-backends.js';

// d/dx sum(w * mean(x, axes)) = w / n broadcast over the reduced axes; for sum, w.
const CASES: { shape: number[]; axes: number[] }[] = [
  { shape: [4, 3, 3, 5], axes: [0, 1, 2] }, // batch-norm moments
  { shape: [4, 3, 3, 5], axes: [1, 2] }, // global average pooling
  { shape: [6, 7], axes: [1] },
  { shape: [6, 7], axes: [0, 1] },
];

for (const backend of ['cpu', 'wasm'] as const) {
  for (const c of CASES) {
    test(`Mean and Sum gradients on ${backend}, shape ${c.shape} axes ${c.axes}: exact, no leak`, async () => {
      await initBackend(backend);
      assert.ok(GRADIENTS.every((g) => tf.getGradient(g.kernelName) === g), 'ours are the registered gradients');
      const before = tf.memory().numTensors;
      const xv = seededValues(c.shape, `x${c.shape}`);
      const keptShape = c.shape.map((d, i) => (c.axes.includes(i) ? 1 : d));
      const wv = seededValues(keptShape, `w${c.shape}${c.axes}`);
      const n = c.axes.reduce((a, i) => a * (c.shape[i] as number), 1);
      const [gMean, gSum] = tf.tidy(() => {
        const x = tf.tensor(xv, c.shape);
        const w = tf.tensor(wv, keptShape);
        const gm = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.mean(t, c.axes, true), w)))(x);
        const gs = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.sum(t, c.axes, true), w)))(x);
        return [gm.dataSync(), gs.dataSync()];
      });
      const idxOf = (flat: number) => {
        let rest = flat;
        const idx = new Array<number>(c.shape.length);
        for (let i = c.shape.length - 1; i >= 0; i--) { idx[i] = rest % (c.shape[i] as number); rest = Math.floor(rest / (c.shape[i] as number)); }
        let k = 0;
        for (let i = 0; i < c.shape.length; i++) k = k * (keptShape[i] as number) + (keptShape[i] === 1 ? 0 : (idx[i] as number));
        return k;
      };
      for (let i = 0; i < xv.length; i++) {
        const w = wv[idxOf(i)] as number;
        assert.equal(gMean![i], Math.fround(w / n), `mean grad at ${i}`);
        assert.equal(gSum![i], w, `sum grad at ${i}`);
      }
      assert.equal(tf.memory().numTensors, before);
    });
  }
}
