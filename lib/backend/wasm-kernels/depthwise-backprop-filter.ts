// DepthwiseConv2dNativeBackpropFilter on wasm. dW[kh,kw,c,m] is the sum over
// batch and output pixels of window_(kh,kw)(x)[c] * dy[c*M+m]. Each tap's
// window comes from an XNNPACK depthwise conv of x with a one-hot filter (same
// strides, padding and dilation as the forward conv), far cheaper than wasm's
// StridedSlice; the products are reduced over batch and space by
// XNNPACK average pooling (wasm's BatchMatMul is slow, and its Sum over outer
// axes transposes first).
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convGeometry } from './conv-geometry.js';
import { withScope } from './kernel-scope.js';

function depthwiseBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const g = convGeometry('DepthwiseConv2dNativeBackpropFilter', x.shape, a.filterShape, a.strides, a.dilations, a.pad, a.dimRoundingMode, true, undefined);
  const mult = a.filterShape[3];
  const backend = args.backend as BackendWasm;
  return withScope(backend, 'wasm', (s) => {
    const rows = g.batch * g.outH * g.outW;
    const count = s.run('Fill', {}, { shape: [], value: rows, dtype: 'float32' });
    const convAttrs: tf.NamedAttrMap = { strides: [g.sh, g.sw], pad: a.pad, dilations: [g.dh, g.dw], dataFormat: 'NHWC' };
    if (a.dimRoundingMode !== undefined) convAttrs['dimRoundingMode'] = a.dimRoundingMode;
    const taps: tf.TensorInfo[] = [];
    for (let tap = 0; tap < g.fh * g.fw; tap++) {
      // Tiny (fh*fw*C*M values) and per call: the conv's cached XNNPACK operator
      // is freed with its filter, so nothing outlives the kernel.
      const picker = s.keepForScope(backend.makeOutput([g.fh, g.fw, g.inC, mult], 'float32', undefined, oneHotTapFilter(g.fh * g.fw, g.inC * mult, tap)));
      // Same layout as dy, so the product is a same-shape Multiply (wasm's broadcasting one is slow).
      const windows = s.run('DepthwiseConv2dNative', { x, filter: picker }, convAttrs);
      const prod = s.run('Multiply', { a: windows, b: dy });
      const view = s.reshape(prod, [1, rows, 1, g.inC * mult]);
      taps.push(s.run('AvgPool', { x: view }, { filterSize: [rows, 1], strides: [1, 1], pad: 'valid' }));
    }
    const stacked = taps.length === 1 ? taps[0]! : s.run('Concat', taps as unknown as tf.NamedTensorInfoMap, { axis: 0 });
    const sums = s.run('Multiply', { a: stacked, b: count });
    return s.reshape(sums, [g.fh, g.fw, g.inC, mult]);
  });
}

/** Depthwise filter [fh, fw, C, M], flattened: 1 at tap `tap` for every channel and multiplier. */
function oneHotTapFilter(taps: number, channelsTimesMult: number, tap: number): Float32Array {
  const f = new Float32Array(taps * channelsTimesMult);
  f.fill(1, tap * channelsTimesMult, (tap + 1) * channelsTimesMult);
  return f;
}

export const depthwiseBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter as unknown as tf.KernelFunc,
};
