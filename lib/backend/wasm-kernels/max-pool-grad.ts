// MaxPoolGrad on wasm. tfjs-backend-wasm 4.22 has this kernel but routes the
// gradient wrongly when a window's maximum is negative (its running max starts
// at FLT_MIN, the smallest positive float), so naschain replaces it.
//
// Windows that tile the input (pool size == stride, the usual 2x2/2) take the
// fast path: view x as [n, oh, fh, ow, fw, c], compare it with the pooled
// output broadcast over each window, and pass dy wherever they are equal: three
// whole-tensor wasm ops. Where a window holds several equal maxima, each of
// them gets dy (cpu gives it to the first only); such ties come from
// ReLU/ReLU6 plateaus at 0 or 6, where the activation's own gradient is 0, so
// training is unaffected. Overlapping windows take the exact per-tap path
// (first maximum wins, as on cpu).
import * as tf from '@tensorflow/tfjs-core';
import { withScope, type KernelScope } from './kernel-scope.js';

interface PoolGeometry {
  n: number; h: number; w: number; c: number; oh: number; ow: number;
  fh: number; fw: number; sh: number; sw: number; top: number; bottom: number; left: number; right: number;
}

function maxPoolGrad(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { dy, input, output } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo; output: tf.TensorInfo };
  const a = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
  const g: PoolGeometry = {
    n: info.batchSize, h: info.inHeight, w: info.inWidth, c: info.inChannels, oh: info.outHeight, ow: info.outWidth,
    fh: info.filterHeight, fw: info.filterWidth, sh: info.strideHeight, sw: info.strideWidth, ...info.padInfo,
  };
  return withScope(args.backend, 'wasm', (s) =>
    g.fh === g.sh && g.fw === g.sw ? tiledWindows(s, dy, input, output, g) : overlappingWindows(s, dy, input, output, g));
}

function tiledWindows(s: KernelScope, dy: tf.TensorInfo, x: tf.TensorInfo, y: tf.TensorInfo, g: PoolGeometry): tf.TensorInfo {
  const th = g.oh * g.fh;
  const tw = g.ow * g.fw;
  // Bring x to exactly the windows' extent: crop rows no window reads, pad with -inf where 'same' pads.
  const xt = s.placeAt(x, g.top, g.left, th, tw, -Infinity);
  const x6 = s.reshape(xt, [g.n, g.oh, g.fh, g.ow, g.fw, g.c]);
  const y6 = s.reshape(y, [g.n, g.oh, 1, g.ow, 1, g.c]);
  const hit = s.run('Cast', { x: s.run('Equal', { a: x6, b: y6 }) }, { dtype: 'float32' });
  const dx6 = s.run('Multiply', { a: hit, b: s.reshape(dy, [g.n, g.oh, 1, g.ow, 1, g.c]) });
  return s.placeAt(s.reshape(dx6, [g.n, th, tw, g.c]), -g.top, -g.left, g.h, g.w);
}

function overlappingWindows(s: KernelScope, dy: tf.TensorInfo, x: tf.TensorInfo, y: tf.TensorInfo, g: PoolGeometry): tf.TensorInfo {
  const xp = g.top + g.bottom + g.left + g.right === 0 ? x
    : s.run('PadV2', { x }, { paddings: [[0, 0], [g.top, g.bottom], [g.left, g.right], [0, 0]], constantValue: -Infinity });
  let remaining = s.run('Fill', {}, { shape: [g.n, g.oh, g.ow, g.c], value: 1, dtype: 'float32' });
  const placed: tf.TensorInfo[] = [];
  for (let kh = 0; kh < g.fh; kh++) {
    for (let kw = 0; kw < g.fw; kw++) {
      const win = s.window4(xp, kh, g.oh, g.sh, kw, g.ow, g.sw);
      const hit = s.run('Cast', { x: s.run('Equal', { a: win, b: y }) }, { dtype: 'float32' });
      const first = s.run('Multiply', { a: hit, b: remaining });
      remaining = s.run('Sub', { a: remaining, b: first });
      const tap = spread(s, s.run('Multiply', { a: first, b: dy }), g.sh, g.sw);
      placed.push(s.placeAt(tap, kh - g.top, kw - g.left, g.h, g.w));
    }
  }
  return placed.length === 1 ? placed[0]! : s.run('AddN', placed as unknown as tf.NamedTensorInfoMap);
}

/** Inserts (stride - 1) zero rows/columns after each row/column of t. */
function spread(s: KernelScope, t: tf.TensorInfo, sh: number, sw: number): tf.TensorInfo {
  if (sh === 1 && sw === 1) return t;
  const [n, h, w, c] = t.shape as [number, number, number, number];
  const six = s.reshape(t, [n, h, 1, w, 1, c]);
  const wide = s.run('PadV2', { x: six }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
  return s.reshape(wide, [n, h * sh, w * sw, c]);
}

export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as tf.KernelFunc,
};
