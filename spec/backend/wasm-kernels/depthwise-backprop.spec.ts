import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertClose, runOn, seededValues } from '../compare-backends.js';

// Relative to the largest |value| of the cpu result.
const TOL = 1e-4;

interface Case { x: [number, number, number, number]; filter: [number, number, number, number]; strides: number; dilations: number; pad: 'same' | 'valid' }

// tfjs-backend-cpu's depthwise backprop kernels ignore dilations (tfjs-core's
// gradient never asks for them), so dilated cases are checked against a
// reference built from cpu's forward depthwiseConv2d instead: the loss
// sum(conv(x, f) * dy) is linear in f and in x, so each gradient entry is the
// loss at a one-hot argument.
const CASES: Case[] = [
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 1], strides: 1, dilations: 1, pad: 'same' },
  { x: [2, 8, 8, 4], filter: [3, 3, 4, 1], strides: 2, dilations: 1, pad: 'same' },
  { x: [1, 9, 8, 2], filter: [3, 3, 2, 1], strides: 2, dilations: 1, pad: 'valid' },
  { x: [2, 6, 6, 3], filter: [3, 3, 3, 2], strides: 1, dilations: 1, pad: 'same' },
  { x: [2, 9, 9, 2], filter: [5, 5, 2, 1], strides: 2, dilations: 1, pad: 'same' },
];
const DILATED: Case[] = [
  { x: [1, 7, 7, 2], filter: [3, 3, 2, 1], strides: 1, dilations: 2, pad: 'same' },
  { x: [1, 8, 7, 2], filter: [3, 2, 2, 2], strides: 1, dilations: 2, pad: 'valid' },
];

function dyShape(c: Case): number[] {
  return tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, c.pad, undefined, true).outShape;
}

for (const c of CASES) {
  const label = `x ${c.x} filter ${c.filter} strides ${c.strides} dilations ${c.dilations} pad ${c.pad}`;
  const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad };

  test(`DepthwiseConv2dNativeBackpropFilter on wasm matches cpu: ${label}`, async () => {
    const xv = seededValues(c.x, 'x');
    const dys = dyShape(c);
    const dyv = seededValues(dys, 'dy');
    const run = () => tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter,
      { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, dys) },
      { ...attrs, filterShape: c.filter } as unknown as tf.NamedAttrMap) as tf.Tensor;
    const [want] = await runOn('cpu', run);
    const [got] = await runOn('wasm', run);
    assertClose(got!, want!, TOL, 'dW');
  });

  test(`DepthwiseConv2dNativeBackpropInput on wasm matches cpu: ${label}`, async () => {
    const fv = seededValues(c.filter, 'f');
    const dys = dyShape(c);
    const dyv = seededValues(dys, 'dy');
    const run = () => tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput,
      { dy: tf.tensor(dyv, dys), filter: tf.tensor(fv, c.filter) },
      { ...attrs, inputShape: c.x } as unknown as tf.NamedAttrMap) as tf.Tensor;
    const [want] = await runOn('cpu', run);
    const [got] = await runOn('wasm', run);
    assertClose(got!, want!, TOL, 'dx');
  });
}

/** Gradient of sum(depthwiseConv2d(x, f) * dy) w.r.t. the one-hot-probed argument, on the current backend. */
function linearProbe(c: Case, probe: 'x' | 'filter', xv: Float32Array, fv: Float32Array, dyv: Float32Array): tf.Tensor {
  const shape = probe === 'x' ? c.x : c.filter;
  const n = shape.reduce((a, b) => a * b, 1);
  const dy = tf.tensor(dyv, dyShape(c));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const hot = new Float32Array(n);
    hot[i] = 1;
    const x = probe === 'x' ? tf.tensor4d(hot, c.x) : tf.tensor4d(xv, c.x);
    const f = probe === 'filter' ? tf.tensor4d(hot, c.filter) : tf.tensor4d(fv, c.filter);
    out[i] = tf.sum(tf.mul(tf.depthwiseConv2d(x, f, c.strides, c.pad, 'NHWC', c.dilations), dy)).dataSync()[0]!;
  }
  return tf.tensor(out, shape);
}

for (const c of DILATED) {
  const label = `x ${c.x} filter ${c.filter} dilations ${c.dilations} pad ${c.pad}`;
  const attrs = { strides: c.strides, dilations: c.dilations, pad: c.pad };
  const xv = seededValues(c.x, 'x');
  const fv = seededValues(c.filter, 'f');
  const dyv = seededValues(dyShape(c), 'dy');

  test(`DepthwiseConv2dNativeBackpropFilter on wasm matches a forward-conv reference when dilated: ${label}`, async () => {
    const [want] = await runOn('cpu', () => linearProbe(c, 'filter', xv, fv, dyv));
    const [got] = await runOn('wasm', () => tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropFilter,
      { x: tf.tensor(xv, c.x), dy: tf.tensor(dyv, dyShape(c)) },
      { ...attrs, filterShape: c.filter } as unknown as tf.NamedAttrMap) as tf.Tensor);
    assertClose(got!, want!, TOL, 'dW');
  });

  test(`DepthwiseConv2dNativeBackpropInput on wasm matches a forward-conv reference when dilated: ${label}`, async () => {
    const [want] = await runOn('cpu', () => linearProbe(c, 'x', xv, fv, dyv));
    const [got] = await runOn('wasm', () => tf.engine().runKernel(tf.DepthwiseConv2dNativeBackpropInput,
      { dy: tf.tensor(dyv, dyShape(c)), filter: tf.tensor(fv, c.filter) },
      { ...attrs, inputShape: c.x } as unknown as tf.NamedAttrMap) as tf.Tensor);
    assertClose(got!, want!, TOL, 'dx');
  });
}
