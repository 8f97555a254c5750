import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { isWholeRepeat } from '../../../lib/backend/wasm-kernels/tile.js';
import { assertClose, runOn, seededValues } from '../compare-backends.js';

test('isWholeRepeat accepts only tilings that repeat the whole tensor', () => {
  assert.equal(isWholeRepeat([1, 1, 1, 8], [4, 5, 6, 1]), true);
  assert.equal(isWholeRepeat([3, 4], [1, 1]), true);
  assert.equal(isWholeRepeat([1, 3], [2, 1]), true);
  assert.equal(isWholeRepeat([2, 3], [2, 1]), false);
  assert.equal(isWholeRepeat([1, 3], [1, 2]), false);
  assert.equal(isWholeRepeat([1, 3, 1], [1, 1, 2]), false);
});

const CASES: Array<{ shape: number[]; reps: number[]; dtype?: 'int32' }> = [
  { shape: [1, 1, 1, 5], reps: [3, 4, 7, 1] },
  { shape: [1, 6], reps: [1000, 1] },
  { shape: [2, 3], reps: [3, 2] },
  { shape: [1, 2, 3], reps: [2, 1, 2] },
  { shape: [1, 4], reps: [5, 1], dtype: 'int32' },
  { shape: [1, 4], reps: [0, 1] },
  { shape: [4, 1, 1, 3], reps: [1, 5, 6, 1] },
  { shape: [2, 1, 3], reps: [2, 4, 3] },
  { shape: [3, 1], reps: [2, 7], dtype: 'int32' },
];

for (const c of CASES) {
  test(`Tile on wasm matches cpu: shape ${c.shape} reps ${c.reps}${c.dtype ? ` ${c.dtype}` : ''}`, async () => {
    const v = seededValues(c.shape, 't').map((e) => (c.dtype === 'int32' ? Math.round(e * 100) : e));
    const run = () => tf.tile(tf.tensor(v, c.shape, c.dtype ?? 'float32'), c.reps);
    const [want] = await runOn('cpu', run);
    const [got] = await runOn('wasm', run);
    assertClose(got!, want!, 0, 'tile');
  });
}
