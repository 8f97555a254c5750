// Conv2DBackpropFilter on wasm as one forward Conv2D (XNNPACK) with batch and
// channels swapped; wasm's BatchMatMul is ~10x slower than its Conv2D per
// FLOP, so no im2col GEMM. Either operand can be the conv's filter, and the
// filter is the one that costs per call (tfjs transposes it to OHWI and
// XNNPACK packs it, every call, since it is new every step):
//  - dy as filter: x^T [Ci, H, W, N] conv dy^T [Ho, Wo, N, Co] (dilated by the
//    stride) gives dW^T [Ci, fh, fw, Co];
//  - x as filter (stride 1 only; a strided conv would need dy spread with
//    zeros, s^2 the work): dy^T [Co, Ho, Wo, N] conv x^T [H, W, N, Ci] gives
//    dW [fh, fw] flipped, as [Co, fh, fw, Ci].
// filterGradOperand() picks the one measured faster (bench/conv-grad-bench.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { NaschainError } from '../../core/errors.js';
import { convGeometry, type ConvGeometry } from './conv-geometry.js';
import { transposeNHWCtoCHWN, transposeNHWCtoHWNC } from './heap-transpose.js';
import { withScope, type KernelScope } from './kernel-scope.js';

/** Which operand becomes the forward conv's filter. */
export type FilterGradOperand = 'dy' | 'x';

/** Padding of dy^T for the x-as-filter conv; a negative side would mean cropping dy (pads wider than the filter). */
function xAsFilterPads(g: ConvGeometry): [number, number, number, number] {
  return [g.fh - 1 - g.top, g.inH - g.outH + g.top, g.fw - 1 - g.left, g.inW - g.outW + g.left];
}

/** Whether x can be the filter: stride 1, and no explicit pad wider than the filter. */
export function xAsFilterPossible(g: ConvGeometry): boolean {
  return g.sh === 1 && g.sw === 1 && xAsFilterPads(g).every((p) => p >= 0);
}

export function filterGradOperand(g: ConvGeometry): FilterGradOperand {
  if (!xAsFilterPossible(g)) return 'dy';
  // The filter operand is the one transposed and packed per call: take the smaller.
  const xSize = g.inH * g.inW * g.inC;
  const dySize = g.outH * g.outW * g.outC;
  return xSize < dySize ? 'x' : 'dy';
}

function dyAsFilter(s: KernelScope, backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, g: ConvGeometry): tf.TensorInfo {
  // Output extent fh needs (padded height) - (outH-1)*sh == fh: trailing rows
  // a 'valid' conv never read are cropped, the rest padded by the conv.
  const bottom = g.fh + (g.outH - 1) * g.sh - g.inH - g.top;
  const right = g.fw + (g.outW - 1) * g.sw - g.inW - g.left;
  let xc = x;
  if (bottom < 0 || right < 0) {
    xc = s.run('Slice', { x }, { begin: [0, 0, 0, 0], size: [g.batch, g.inH + Math.min(0, bottom), g.inW + Math.min(0, right), g.inC] });
  }
  const xT = s.keepForScope(transposeNHWCtoCHWN(backend, xc));
  const dyT = s.keepForScope(transposeNHWCtoHWNC(backend, dy));
  const pad = [[0, 0], [g.top, Math.max(0, bottom)], [g.left, Math.max(0, right)], [0, 0]];
  const dwT = s.run('Conv2D', { x: xT, filter: dyT }, {
    strides: [1, 1], pad, dilations: [g.sh, g.sw], dataFormat: 'NHWC',
  });
  return s.run('Transpose', { x: dwT }, { perm: [1, 2, 0, 3] });
}

function xAsFilter(s: KernelScope, backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, g: ConvGeometry): tf.TensorInfo {
  const [top, bottom, left, right] = xAsFilterPads(g);
  const dyT = s.keepForScope(transposeNHWCtoCHWN(backend, dy));
  const xT = s.keepForScope(transposeNHWCtoHWNC(backend, x));
  const flipped = s.run('Conv2D', { x: dyT, filter: xT }, {
    strides: [1, 1], pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dilations: [1, 1], dataFormat: 'NHWC',
  });
  const dwT = s.run('Reverse', { x: flipped }, { dims: [1, 2] });
  return s.run('Transpose', { x: dwT }, { perm: [1, 2, 3, 0] });
}

/** The kernel, with the operand choice open to specs and the bench. */
export function conv2dBackpropFilterWasm(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, a: tf.Conv2DBackpropFilterAttrs, operand?: FilterGradOperand): tf.TensorInfo {
  const g = convGeometry('Conv2DBackpropFilter', x.shape, a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, a.dataFormat);
  const use = operand ?? filterGradOperand(g);
  if (use === 'x' && !xAsFilterPossible(g)) throw new NaschainError('INTERNAL', 'Conv2DBackpropFilter: x cannot be the filter of a strided conv or one padded wider than its filter');
  return withScope(backend, 'wasm', (s) => (use === 'x' ? xAsFilter : dyAsFilter)(s, backend, x, dy, g));
}

function conv2dBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  return conv2dBackpropFilterWasm(args.backend as BackendWasm, x, dy, args.attrs as unknown as tf.Conv2DBackpropFilterAttrs);
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as tf.KernelFunc,
};
