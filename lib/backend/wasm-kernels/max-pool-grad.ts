// MaxPoolGrad on wasm. tfjs-backend-wasm 4.22 has this kernel but routes the
// gradient wrongly when a window's maximum is negative (its running max starts
// at FLT_MIN, the smallest positive float), so naschain replaces it.
//
// Windows that tile the input (pool size == stride, the usual 2x2/2) take the
// fast path: compare x with the pooled output spread over each window and pass
// dy (spread likewise) wherever they are equal: a few whole-tensor wasm ops. Where a window holds several equal maxima, each of
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
  let hit: tf.TensorInfo;
  let dyUp: tf.TensorInfo;
  if (isPowerOfTwo(g.fh) && isPowerOfTwo(g.fw)) {
    // Nearest-neighbour upsampling by the window size spreads each pooled value over
    // its window; with power-of-two factors its source index floor(i * oh/th) is exact.
    const up = (t: tf.TensorInfo) => s.run('ResizeNearestNeighbor', { images: t }, { size: [th, tw], alignCorners: false, halfPixelCenters: false });
    hit = s.run('Equal', { a: xt, b: up(y) });
    dyUp = up(dy);
  } else {
    // wasm's broadcasting Equal is a slow generic loop, hence the fast path above.
    const y6 = s.reshape(y, [g.n, g.oh, 1, g.ow, 1, g.c]);
    hit = s.reshape(s.run('Equal', { a: s.reshape(xt, [g.n, g.oh, g.fh, g.ow, g.fw, g.c]), b: y6 }), [g.n, th, tw, g.c]);
    const dy6 = s.run('Multiply', { a: s.reshape(dy, [g.n, g.oh, 1, g.ow, 1, g.c]), b: s.run('Fill', {}, { shape: [1, 1, g.fh, 1, g.fw, 1], value: 1, dtype: 'float32' }) });
    dyUp = s.reshape(dy6, [g.n, th, tw, g.c]);
  }
  const dxt = s.run('Multiply', { a: s.run('Cast', { x: hit }, { dtype: 'float32' }), b: dyUp });
  return s.placeAt(dxt, -g.top, -g.left, g.h, g.w);
}

function isPowerOfTwo(v: number): boolean {
  return v > 0 && (v & (v - 1)) === 0;
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
