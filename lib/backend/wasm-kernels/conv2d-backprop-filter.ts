// Conv2DBackpropFilter on wasm as one forward Conv2D (XNNPACK): with batch and
// channels swapped, x^T [Ci, H, W, N] convolved with dy^T [Ho, Wo, N, Co] as
// the filter (dilated by the stride) gives dW^T [Ci, fh, fw, Co]. wasm's
// BatchMatMul is ~10x slower than its Conv2D per FLOP, so no im2col GEMM.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { convGeometry } from './conv-geometry.js';
import { transposeNHWCtoCHWN, transposeNHWCtoHWNC } from './heap-transpose.js';
import { withScope } from './kernel-scope.js';

function conv2dBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const g = convGeometry('Conv2DBackpropFilter', x.shape, a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, a.dataFormat);
  return withScope(args.backend, 'wasm', (s) => {
    // Output extent fh needs (padded height) - (outH-1)*sh == fh: trailing rows
    // a 'valid' conv never read are cropped, the rest padded by the conv.
    const bottom = g.fh + (g.outH - 1) * g.sh - g.inH - g.top;
    const right = g.fw + (g.outW - 1) * g.sw - g.inW - g.left;
    let xc = x;
    if (bottom < 0 || right < 0) {
      xc = s.run('Slice', { x }, { begin: [0, 0, 0, 0], size: [g.batch, g.inH + Math.min(0, bottom), g.inW + Math.min(0, right), g.inC] });
    }
    const backend = args.backend as BackendWasm;
    const xT = s.keepForScope(transposeNHWCtoCHWN(backend, xc));
    const dyT = s.keepForScope(transposeNHWCtoHWNC(backend, dy));
    const pad = [[0, 0], [g.top, Math.max(0, bottom)], [g.left, Math.max(0, right)], [0, 0]];
    const dwT = s.run('Conv2D', { x: xT, filter: dyT }, {
      strides: [1, 1], pad, dilations: [g.sh, g.sw], dataFormat: 'NHWC',
    });
    return s.run('Transpose', { x: dwT }, { perm: [1, 2, 0, 3] });
  });
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
};
