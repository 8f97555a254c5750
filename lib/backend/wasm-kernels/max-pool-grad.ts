// MaxPoolGrad on wasm. tfjs-backend-wasm 4.22 has this kernel but it routes the
// gradient wrongly when a window's maximum is negative (it compares against
// 0), so naschain replaces it. Built from elementwise wasm kernels: per window
// tap, the positions equal to the pooled max (first one wins on ties, as on
// cpu) take dy; taps are then put back in place, by interleaving (Concat) when
// windows tile the input, else by shifting and summing.
import * as tf from '@tensorflow/tfjs-core';
import { withScope, type KernelScope } from './kernel-scope.js';

function maxPoolGrad(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { dy, input, output } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo; output: tf.TensorInfo };
  const a = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { top, bottom, left, right } = info.padInfo;
  return withScope(args.backend, 'wasm', (s) => {
    const xp = top + bottom + left + right === 0 ? input
      : s.run('PadV2', { x: input }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: -Infinity });
    let remaining = s.run('Fill', {}, { shape: [n, oh, ow, c], value: 1, dtype: 'float32' });
    const taps: tf.TensorInfo[] = [];
    for (let kh = 0; kh < fh; kh++) {
      for (let kw = 0; kw < fw; kw++) {
        const win = s.window4(xp, kh, oh, sh, kw, ow, sw);
        const hit = s.run('Cast', { x: s.run('Equal', { a: win, b: output }) }, { dtype: 'float32' });
        const first = s.run('Multiply', { a: hit, b: remaining });
        remaining = s.run('Sub', { a: remaining, b: first });
        taps.push(s.run('Multiply', { a: first, b: dy }));
      }
    }
    if (fh === sh && fw === sw) return interleave(s, taps, { n, oh, ow, c, fh, fw }, -top, -left, h, w);
    const placed = taps.map((t, i) => s.placeAt(spread(s, t, sh, sw), Math.floor(i / fw) - top, (i % fw) - left, h, w));
    return placed.length === 1 ? placed[0]! : s.run('AddN', placed as unknown as tf.NamedTensorInfoMap);
  });
}

/** Inserts (stride - 1) zero rows/columns after each row/column of t. */
function spread(s: KernelScope, t: tf.TensorInfo, sh: number, sw: number): tf.TensorInfo {
  if (sh === 1 && sw === 1) return t;
  const [n, h, w, c] = t.shape as [number, number, number, number];
  const six = s.reshape(t, [n, h, 1, w, 1, c]);
  const wide = s.run('PadV2', { x: six }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
  return s.reshape(wide, [n, h * sh, w * sw, c]);
}

/** Non-overlapping windows: tap (i, j) of window (r, q) is pixel (r*fh+i, q*fw+j), so taps interleave by Concat. */
function interleave(
  s: KernelScope, taps: tf.TensorInfo[], g: { n: number; oh: number; ow: number; c: number; fh: number; fw: number },
  dh: number, dw: number, h: number, w: number,
): tf.TensorInfo {
  const rows: tf.TensorInfo[] = [];
  for (let i = 0; i < g.fh; i++) {
    const cols = taps.slice(i * g.fw, (i + 1) * g.fw).map((t) => s.reshape(t, [g.n, g.oh, 1, g.ow, 1, g.c]));
    rows.push(cols.length === 1 ? cols[0]! : s.run('Concat', cols as unknown as tf.NamedTensorInfoMap, { axis: 4 }));
  }
  const six = rows.length === 1 ? rows[0]! : s.run('Concat', rows as unknown as tf.NamedTensorInfoMap, { axis: 2 });
  const tiled = s.reshape(six, [g.n, g.oh * g.fh, g.ow * g.fw, g.c]);
  return s.placeAt(tiled, dh, dw, h, w);
}

export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as tf.KernelFunc,
};
