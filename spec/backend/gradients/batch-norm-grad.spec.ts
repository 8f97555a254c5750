// The FusedBatchNorm gradient against autodiff of the same formula written
// with elementary ops, (x - mean) * rsqrt(variance + eps) * scale + offset,
// for every input (x, mean, variance, scale, offset), per-channel (rank-1)
// and full-rank statistics; on cpu and wasm; no leak. (Without a scale tfjs
// 4.22 cannot record batchNorm for a gradient at all: it saves the missing
// scale input; so that case is not one a gradient can meet.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../lib/backend/select.js';
import { batchNormGradConfig } from '../../../lib/backend/gradients/batch-norm-grad.js';
import { assertClose, seededValues } from '../compare-backends.js';

const EPS = 1e-3;
const X_SHAPE = [3, 4, 5, 6];
const STATS: number[][] = [
  [6], // batch norm over channels (tfjs-layers)
  [1, 4, 1, 6], // statistics shared over batch and width only
];

for (const backend of ['cpu', 'wasm'] as const) {
  for (const stats of STATS) {
    test(`FusedBatchNorm gradient on ${backend}, statistics ${stats}: matches autodiff of the formula, no leak`, async () => {
      await initBackend(backend);
      assert.equal(tf.getGradient(tf.FusedBatchNorm), batchNormGradConfig, 'ours is the registered gradient');
      const before = tf.memory().numTensors;
      const grads = (fused: boolean) => tf.tidy(() => {
        const x = tf.tensor(seededValues(X_SHAPE, 'x'), X_SHAPE);
        const mean = tf.tensor(seededValues(stats, 'm'), stats);
        const variance = tf.abs(tf.tensor(seededValues(stats, 'v'), stats));
        const scale = tf.tensor(seededValues(stats, 's'), stats);
        const offset = tf.tensor(seededValues(stats, 'o'), stats);
        const w = tf.tensor(seededValues(X_SHAPE, 'w'), X_SHAPE);
        const f = (xx: tf.Tensor, mm: tf.Tensor, vv: tf.Tensor, oo: tf.Tensor, ss: tf.Tensor) => {
          const y = fused ? tf.batchNorm(xx, mm, vv, oo, ss, EPS) : tf.add(tf.mul(tf.mul(tf.sub(xx, mm), tf.rsqrt(tf.add(vv, EPS))), ss), oo);
          return tf.sum(tf.mul(y, w));
        };
        return tf.grads(f as (...t: tf.Tensor[]) => tf.Tensor)([x, mean, variance, offset, scale]).map((t) => Float32Array.from(t.dataSync()));
      });
      const got = grads(true);
      const want = grads(false);
      ['x', 'mean', 'variance', 'offset', 'scale'].forEach((name, i) => assertClose(got[i]!, want[i]!, 1e-5, `d${name}`));
      assert.equal(tf.memory().numTensors, before);
    });
  }
}
