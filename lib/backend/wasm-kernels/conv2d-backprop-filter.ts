// Conv2DBackpropFilter on wasm: dW[kh,kw] = window(x, kh, kw)^T · dy, one
// BatchMatMul (XNNPACK-backed GEMM) per filter tap over the strided window of
// the padded input, so the work runs in the backend's fast GEMM instead of a
// scalar loop.
import * as tf from '@tensorflow/tfjs-core';
import { convGeometry } from './conv-geometry.js';
import { withScope } from './kernel-scope.js';

function conv2dBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const g = convGeometry('Conv2DBackpropFilter', x.shape, a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, a.dataFormat);
  return withScope(args.backend, 'wasm', (s) => {
    const rows = g.batch * g.outH * g.outW;
    const xp = s.pad4(x, g.top, g.bottom, g.left, g.right);
    const dy3 = s.reshape(dy, [1, rows, g.outC]);
    const taps: tf.TensorInfo[] = [];
    for (let kh = 0; kh < g.fh; kh++) {
      for (let kw = 0; kw < g.fw; kw++) {
        const win = s.window4(xp, kh * g.dh, g.outH, g.sh, kw * g.dw, g.outW, g.sw);
        const a3 = s.reshape(win, [1, rows, g.inC]);
        taps.push(s.run('BatchMatMul', { a: a3, b: dy3 }, { transposeA: true, transposeB: false }));
      }
    }
    const stacked = taps.length === 1 ? taps[0]! : s.run('Concat', taps as unknown as tf.NamedTensorInfoMap, { axis: 0 });
    return s.reshape(stacked, [g.fh, g.fw, g.inC, g.outC]);
  });
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
};
