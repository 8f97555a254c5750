import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { outerReducePlan } from '../../../lib/backend/wasm-kernels/outer-reduce.js';
import { assertClose, runOn, seededValues } from '../compare-backends.js';

// Relative to the largest |value| of the cpu result; float32 running sums vs cpu's float64 ones.
const TOL = 1e-5;

test('outerReducePlan pools contiguous non-inner axes and leaves the rest to the replaced kernel', () => {
  assert.deepEqual(outerReducePlan([4, 5, 6, 3], [0, 1, 2], false), { before: 1, reduced: 120, after: 3, outShape: [3] });
  assert.deepEqual(outerReducePlan([4, 5, 6, 3], [1, 2], true), { before: 4, reduced: 30, after: 3, outShape: [4, 1, 1, 3] });
  assert.deepEqual(outerReducePlan([4, 5, 6, 3], -3, false), { before: 4, reduced: 5, after: 18, outShape: [4, 6, 3] });
  assert.equal(outerReducePlan([4, 5, 6, 3], [2, 3], false), undefined);
  assert.equal(outerReducePlan([4, 5, 6, 3], [0, 2], false), undefined);
  assert.equal(outerReducePlan([4, 0, 3], [1], false), undefined);
});

const CASES: Array<{ shape: number[]; axis: number | number[]; keepDims: boolean }> = [
  { shape: [8, 7, 7, 5], axis: [0, 1, 2], keepDims: false },
  { shape: [8, 7, 7, 5], axis: [1, 2], keepDims: false },
  { shape: [8, 7, 7, 5], axis: [1, 2], keepDims: true },
  { shape: [6, 4, 3], axis: 0, keepDims: false },
  { shape: [6, 4, 3], axis: [2], keepDims: false },
  { shape: [6, 4, 3], axis: [0, 2], keepDims: true },
  { shape: [64, 96], axis: 0, keepDims: false },
];

for (const c of CASES) {
  for (const op of ['sum', 'mean'] as const) {
    test(`${op} on wasm matches cpu: shape ${c.shape} axis ${c.axis} keepDims ${c.keepDims}`, async () => {
      const v = seededValues(c.shape, 'r');
      const run = () => tf[op](tf.tensor(v, c.shape), c.axis, c.keepDims);
      let shapes: number[][] = [];
      const [want] = await runOn('cpu', () => { const t = run(); shapes.push(t.shape); return t; });
      const [got] = await runOn('wasm', () => { const t = run(); shapes.push(t.shape); return t; });
      assert.deepEqual(shapes[1], shapes[0]);
      shapes = [];
      assertClose(got!, want!, TOL, op);
    });
  }
}

test('int32 sum over outer axes still works on wasm (replaced kernel)', async () => {
  const [got] = await runOn('wasm', () => tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 0));
  assert.deepEqual(Array.from(got!), [9, 12]);
});
