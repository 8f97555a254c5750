import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2dBackpropFilterWasm, filterGradOperand, xAsFilterPossible, type FilterGradOperand } from '../../../lib/backend/wasm-kernels/conv2d-backprop-filter.js';
import { convGeometry } from '../../../lib/backend/wasm-kernels/conv-geometry.js';
import { assertClose, runOn, seededValues } from '../compare-backends.js';

// Relative to the largest |value| of the cpu result; float32 sums in another order differ by ~1e-6.
const TOL = 1e-4;

interface Case { x: [number, number, number, number]; filter: [number, number, number, number]; strides: number | [number, number]; pad: 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]] }

const CASES: Case[] = [
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'same' },
  { x: [1, 9, 8, 2], filter: [3, 3, 2, 4], strides: 2, pad: 'valid' },
  { x: [3, 6, 5, 4], filter: [1, 1, 4, 6], strides: 1, pad: 'valid' },
  { x: [2, 9, 9, 2], filter: [5, 3, 2, 3], strides: [2, 1], pad: 'same' },
  { x: [1, 6, 6, 2], filter: [3, 3, 2, 2], strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { x: [1, 6, 7, 2], filter: [3, 3, 2, 3], strides: 2, pad: [[0, 0], [3, 0], [0, 3], [0, 0]] },
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'valid' },
  { x: [2, 6, 6, 5], filter: [3, 3, 5, 2], strides: 1, pad: 'same' },
  { x: [2, 7, 6, 2], filter: [3, 3, 2, 3], strides: 1, pad: 'valid' },
  { x: [1, 6, 6, 2], filter: [3, 3, 2, 2], strides: 1, pad: [[0, 0], [3, 0], [0, 1], [0, 0]] },
];

function outShape(c: Case): number[] {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
  return info.outShape;
}

for (const c of CASES) {
  test(`Conv2DBackpropFilter on wasm matches cpu: x ${c.x} filter ${c.filter} strides ${c.strides} pad ${JSON.stringify(c.pad)}`, async () => {
    const xv = seededValues(c.x, 'x');
    const dyShape = outShape(c);
    const dyv = seededValues(dyShape, 'dy');
    const run = () => tf.engine().runKernel(tf.Conv2DBackpropFilter,
      { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, dyShape) },
      { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter } as unknown as tf.NamedAttrMap) as tf.Tensor;
    const [want] = await runOn('cpu', run);
    const [got] = await runOn('wasm', run);
    assertClose(got!, want!, TOL, 'dW');
  });

  test(`Conv2DBackpropInput on wasm matches cpu: x ${c.x} filter ${c.filter} strides ${c.strides} pad ${JSON.stringify(c.pad)}`, async () => {
    const fv = seededValues(c.filter, 'f');
    const dyShape = outShape(c);
    const dyv = seededValues(dyShape, 'dy');
    const run = () => tf.engine().runKernel(tf.Conv2DBackpropInput,
      { dy: tf.tensor(dyv, dyShape), filter: tf.tensor(fv, c.filter) },
      { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x } as unknown as tf.NamedAttrMap) as tf.Tensor;
    const [want] = await runOn('cpu', run);
    const [got] = await runOn('wasm', run);
    assertClose(got!, want!, TOL, 'dx');
  });
}

// Both ways of the filter gradient (dy or x as the conv's filter) on every case
// where x can be the filter, whichever the kernel would pick.
for (const c of CASES) {
  const g = convGeometry('spec', c.x, c.filter, c.strides, 1, c.pad, undefined, false, 'NHWC');
  const operands: FilterGradOperand[] = xAsFilterPossible(g) ? ['dy', 'x'] : ['dy'];
  for (const operand of operands) {
    test(`Conv2DBackpropFilter on wasm with ${operand} as the filter${filterGradOperand(g) === operand ? ' (chosen)' : ''} matches cpu: x ${c.x} filter ${c.filter} strides ${c.strides} pad ${JSON.stringify(c.pad)}`, async () => {
      const xv = seededValues(c.x, 'x');
      const dyShape = outShape(c);
      const dyv = seededValues(dyShape, 'dy');
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter } as unknown as tf.Conv2DBackpropFilterAttrs;
      const [want] = await runOn('cpu', () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, dyShape) }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor);
      const [got] = await runOn('wasm', () => {
        const info = conv2dBackpropFilterWasm(tf.backend() as BackendWasm, tf.tensor(xv, c.x), tf.tensor(dyv, dyShape), attrs, operand);
        return tf.engine().makeTensorFromTensorInfo(info);
      });
      assertClose(got!, want!, TOL, `dW (${operand} as filter)`);
    });
  }
}

test('x is never the filter of a strided conv: asking for it is an error', async () => {
  await runOn('wasm', () => {
    const attrs = { strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 3, 5] } as unknown as tf.Conv2DBackpropFilterAttrs;
    assert.throws(() => conv2dBackpropFilterWasm(tf.backend() as BackendWasm, tf.zeros([2, 8, 8, 3]), tf.zeros([2, 4, 4, 5]), attrs, 'x'), /x cannot be the filter of a strided conv/);
    return tf.zeros([1]);
  });
});
