// The two batch/channel transposes of the filter gradient, written in JS on
// the wasm heap: tfjs-backend-wasm 4.22's generic 4-D Transpose walks every
// element through index arithmetic and costs ~3x these blocked loops.
import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Dims4 = [number, number, number, number];

/** A new float32 output of `outShape` and heap views of x and of it (taken after the allocation, which may grow the heap). */
function heapPair(backend: BackendWasm, x: tf.TensorInfo, outShape: number[]): { out: tf.TensorInfo; src: Float32Array; dst: Float32Array } {
  const out = backend.makeOutput(outShape, 'float32');
  return { out, src: backend.typedArrayFromHeap(x) as Float32Array, dst: backend.typedArrayFromHeap(out) as Float32Array };
}

/** [N,H,W,C] -> [C,H,W,N]: out[c][h][w][n] = x[n][h][w][c], tiled over n to keep reads in cache. */
export function transposeNHWCtoCHWN(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
  const [n, h, w, c] = x.shape as Dims4;
  const { out, src, dst } = heapPair(backend, x, [c, h, w, n]);
  const hw = h * w;
  const inStride = hw * c; // from one image to the next
  const outStride = hw * n; // from one channel to the next
  const TILE = 8;
  for (let p = 0; p < hw; p++) {
    const inBase = p * c;
    const outBase = p * n;
    for (let n0 = 0; n0 < n; n0 += TILE) {
      const n1 = Math.min(n, n0 + TILE);
      for (let ch = 0; ch < c; ch++) {
        const o = ch * outStride + outBase;
        let i = inBase + ch + n0 * inStride;
        for (let b = n0; b < n1; b++) {
          dst[o + b] = src[i] as number;
          i += inStride;
        }
      }
    }
  }
  return out;
}

/** [N,H,W,C] -> [H,W,N,C]: rows of C values move as blocks. */
export function transposeNHWCtoHWNC(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
  const [n, h, w, c] = x.shape as Dims4;
  const { out, src, dst } = heapPair(backend, x, [h, w, n, c]);
  const hw = h * w;
  for (let b = 0; b < n; b++) {
    for (let p = 0; p < hw; p++) {
      const i = (b * hw + p) * c;
      const o = (p * n + b) * c;
      if (c >= 16) dst.set(src.subarray(i, i + c), o);
      else for (let k = 0; k < c; k++) dst[o + k] = src[i + k] as number;
    }
  }
  return out;
}
