// Global-L2-norm gradient clipping, as torch.nn.utils.clip_grad_norm_ does it:
// every gradient is scaled by min(1, clipNorm / (norm + 1e-6)). Computed in the
// graph, so no value is read back to the CPU per step.
import * as tf from '@tensorflow/tfjs-core';

export interface ClippedGrads {
  grads: tf.NamedTensorMap;
  /** The global norm before clipping (a scalar tensor the caller disposes). */
  norm: tf.Scalar;
}

/** New gradient tensors (the inputs are not disposed). */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, clipNorm: number): ClippedGrads {
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const squares = names.map((n) => tf.sum(tf.square(grads[n] as tf.Tensor)));
    const norm = tf.sqrt(squares.length === 0 ? tf.scalar(0) : tf.addN(squares)) as tf.Scalar;
    const scale = tf.minimum(tf.scalar(1), tf.div(tf.scalar(clipNorm), tf.add(norm, tf.scalar(1e-6))));
    const out: tf.NamedTensorMap = {};
    for (const n of names) out[n] = tf.mul(grads[n] as tf.Tensor, scale);
    return { grads: out, norm };
  });
}
