// The gradient of FusedBatchNorm with fewer full-size passes than tfjs 4.22's
// (which tiles rsqrt(variance) to the whole activation, then multiplies by it
// and by the scale, and builds three more full-size products for the mean,
// variance and scale gradients). Every per-channel factor is combined first,
// so only five passes touch the activation:
//   d = x - mean, P = sum(dy * d), Q = sum(dy), dx = dy * (r * scale)
// with r = rsqrt(variance + eps), and the rest per channel:
//   dmean = -r*scale*Q, dvariance = -r^3*scale*P/2, dscale = r*P, doffset = Q.
// Same values as tfjs's up to float rounding (the products are grouped otherwise).
import * as tf from '@tensorflow/tfjs-core';

export const batchNormGradConfig: tf.GradConfig = {
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const g = dy as tf.Tensor;
    const [x, mean, variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const s = scale ?? tf.scalar(1);
    // Sums over the broadcast axes, shaped like the mean (rank 1, or x's rank).
    const reduce = (t: tf.Tensor) => tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, mean.shape);
    const r = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const rs = tf.mul(r, s);
    const q = reduce(g);
    const p = reduce(tf.mul(g, tf.sub(x, mean)));
    return {
      x: () => tf.mul(g, rs),
      mean: () => tf.neg(tf.mul(rs, q)),
      variance: () => tf.mul(tf.mul(tf.mul(rs, tf.square(r)), p), tf.scalar(-0.5)),
      scale: () => tf.mul(r, p),
      offset: () => tf.clone(q),
    };
  },
};
