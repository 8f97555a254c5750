import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertClose, runOn, seededValues } from '../compare-backends.js';

// Per-channel statistics take the 1x1 depthwise path (with and without scale
// and offset, on rank 4 and rank 2 activations, statistics of shape [C] or
// [1,1,1,C]); statistics broadcast over another axis go to tfjs' own kernel.
const CASES: { x: number[]; stats: number[]; scale: boolean; offset: boolean }[] = [
  { x: [4, 5, 6, 7], stats: [7], scale: true, offset: true },
  { x: [4, 5, 6, 7], stats: [7], scale: false, offset: true },
  { x: [4, 5, 6, 7], stats: [7], scale: true, offset: false },
  { x: [3, 2, 2, 5], stats: [1, 1, 1, 5], scale: true, offset: true },
  { x: [9, 6], stats: [6], scale: true, offset: true },
  { x: [3, 4, 2, 5], stats: [1, 4, 1, 5], scale: true, offset: true },
];

for (const c of CASES) {
  test(`FusedBatchNorm on wasm matches cpu: x ${c.x}, statistics ${c.stats}${c.scale ? '' : ', no scale'}${c.offset ? '' : ', no offset'}`, async () => {
    const values = (label: string) => seededValues(c.stats, label);
    const run = () => tf.batchNorm(
      tf.tensor(seededValues(c.x, 'x'), c.x), tf.tensor(values('m'), c.stats), tf.abs(tf.tensor(values('v'), c.stats)),
      c.offset ? tf.tensor(values('o'), c.stats) : undefined, c.scale ? tf.tensor(values('s'), c.stats) : undefined, 1e-3);
    const [want] = await runOn('cpu', run);
    const [got] = await runOn('wasm', run);
    assertClose(got!, want!, 1e-5, 'batch norm');
  });
}
