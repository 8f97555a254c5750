import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertClose, runOn, seededValues } from '../compare-backends.js';

const TOL = 1e-6; // pure routing of dy values: should be exact

interface Case { x: [number, number, number, number]; size: number; strides: number; pad: 'same' | 'valid'; ties?: boolean }

const CASES: Case[] = [
  { x: [2, 8, 8, 3], size: 2, strides: 2, pad: 'valid' },
  { x: [2, 7, 7, 3], size: 2, strides: 2, pad: 'valid' },
  { x: [2, 7, 7, 3], size: 2, strides: 2, pad: 'same' },
  { x: [1, 9, 9, 2], size: 3, strides: 2, pad: 'same' },
  { x: [1, 6, 6, 2], size: 3, strides: 1, pad: 'valid' },
  { x: [1, 9, 9, 2], size: 3, strides: 3, pad: 'same' },
  { x: [1, 8, 6, 2], size: 3, strides: 3, pad: 'valid' },
  { x: [2, 8, 8, 3], size: 2, strides: 2, pad: 'valid', ties: true },
  { x: [1, 9, 9, 2], size: 3, strides: 2, pad: 'same', ties: true },
];

for (const c of CASES) {
  const label = `x ${c.x} pool ${c.size} strides ${c.strides} pad ${c.pad}${c.ties ? ' with ties (relu zeros)' : ''}`;
  test(`MaxPoolGrad on wasm matches cpu, negative maxima included: ${label}`, async () => {
    // Values in [-1, 1): many windows have a negative maximum; with ties, relu makes zero plateaus.
    const xv = seededValues(c.x, 'x').map((v) => (c.ties ? Math.max(0, v) : v));
    const run = () => {
      const x = tf.tensor4d(xv, c.x);
      const y = tf.maxPool(x, c.size, c.strides, c.pad);
      const dy = tf.tensor(seededValues(y.shape, 'dy'), y.shape);
      const dx = tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output: y },
        { filterSize: c.size, strides: c.strides, pad: c.pad } as unknown as tf.NamedAttrMap) as tf.Tensor;
      // With ties, compare what reaches the ReLU's input: wasm's tiled path gives dy to every tied
      // maximum (all 0 here), cpu to the first; ReLU's gradient zeroes both.
      return c.ties ? tf.mul(dx, tf.step(x)) : dx;
    };
    const [want] = await runOn('cpu', run);
    const [got] = await runOn('wasm', run);
    assertClose(got!, want!, TOL, 'dx');
  });
}
