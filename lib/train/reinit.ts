// Re-initialisation before a retrain, as upstream does it: every weight of
// rank >= 2 gets PyTorch's default Kaiming-uniform (a = sqrt(5), so the bound is
// 1/sqrt(fan_in)), biases 0, BN gamma 1 and beta 0, moving mean 0 and
// variance 1. fan_in follows PyTorch's tensor layout, not Keras': for a
// depthwise kernel PyTorch sees a grouped conv (groups = in), so fan_in is
// kh*kw, not kh*kw*in.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Rng } from '../core/rng.js';

/** PyTorch's fan_in of a Keras-layout kernel (channels last: [..., in, out]). */
export function pytorchFanIn(shape: number[], depthwise: boolean): number {
  const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);
  // depthwise [kh, kw, in, mult] is PyTorch [in*mult, 1, kh, kw]: fan_in = kh*kw.
  if (depthwise) return prod(shape.slice(0, -2));
  // conv [kh, kw, in, out], dense [in, out], conv1d [k, in, out]: all but the last axis.
  return prod(shape.slice(0, -1));
}

function isDepthwise(name: string): boolean {
  return /depthwise_kernel/.test(name);
}

/** Value a rank-1 weight starts at, from its Keras name. */
function vectorInit(name: string): number {
  if (/gamma|moving_variance/.test(name)) return 1;
  return 0; // beta, moving_mean, bias and any other 1-D weight
}

/** Overwrites every weight of `model` in place; draws in model.weights order, so the result depends only on `rng`. */
export function reinitialize(model: tfl.LayersModel, rng: Rng): void {
  for (const layer of model.layers) {
    for (const w of layer.weights) {
      const shape = w.shape.map((d) => d ?? 0);
      const size = shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(size);
      if (shape.length >= 2) {
        const bound = 1 / Math.sqrt(pytorchFanIn(shape, isDepthwise(w.originalName)));
        for (let i = 0; i < size; i++) values[i] = (2 * rng.next() - 1) * bound;
      } else {
        values.fill(vectorInit(w.originalName));
      }
      const t = tf.tensor(values, shape, w.dtype);
      w.write(t);
      t.dispose();
    }
  }
}
