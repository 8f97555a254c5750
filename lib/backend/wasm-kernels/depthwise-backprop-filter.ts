// DepthwiseConv2dNativeBackpropFilter on wasm: for each filter tap, the
// strided window of the padded input times dy (broadcast over the channel
// multiplier), reduced over batch and space by a ones-vector BatchMatMul
// (wasm's Sum over outer axes would transpose first).
import * as tf from '@tensorflow/tfjs-core';
import { convGeometry } from './conv-geometry.js';
import { withScope } from './kernel-scope.js';

function depthwiseBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = args.attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs;
  const g = convGeometry('DepthwiseConv2dNativeBackpropFilter', x.shape, a.filterShape, a.strides, a.dilations, a.pad, a.dimRoundingMode, true, undefined);
  const mult = a.filterShape[3];
  return withScope(args.backend, 'wasm', (s) => {
    const rows = g.batch * g.outH * g.outW;
    const xp = s.pad4(x, g.top, g.bottom, g.left, g.right);
    const dy3 = s.reshape(dy, [rows, g.inC, mult]);
    const ones = s.run('Fill', {}, { shape: [1, 1, rows], value: 1, dtype: 'float32' });
    const taps: tf.TensorInfo[] = [];
    for (let kh = 0; kh < g.fh; kh++) {
      for (let kw = 0; kw < g.fw; kw++) {
        const win = s.window4(xp, kh * g.dh, g.outH, g.sh, kw * g.dw, g.outW, g.sw);
        const win3 = s.reshape(win, [rows, g.inC, 1]);
        const prod = s.run('Multiply', { a: win3, b: dy3 });
        const flat = s.reshape(prod, [1, rows, g.inC * mult]);
        taps.push(s.run('BatchMatMul', { a: ones, b: flat }, { transposeA: false, transposeB: false }));
      }
    }
    const stacked = taps.length === 1 ? taps[0]! : s.run('Concat', taps as unknown as tf.NamedTensorInfoMap, { axis: 0 });
    return s.reshape(stacked, [g.fh, g.fw, g.inC, mult]);
  });
}

export const depthwiseBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter as unknown as tf.KernelFunc,
};
