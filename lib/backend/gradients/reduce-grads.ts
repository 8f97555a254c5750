// Gradients of Mean and Sum without a full-size tensor of ones. tfjs 4.22
// (tfjs-core, and the copy tfjs-layers' node bundle registers over it) builds
// dx = reshape(dy) * ones(x.shape) [/ n]: the ones are filled in JS and copied
// to the backend on every step, 19% of a reference-CNN training step on wasm
// (batch-norm moments take the mean of every activation). Broadcasting the
// reshaped gradient gives the same values, bit for bit (x*1 is exact).
import * as tf from '@tensorflow/tfjs-core';

/** dx = dy reshaped to x's rank (reduced axes of size 1), divided by the reduced count for a mean, broadcast to x. */
function reduceGradConfig(kernelName: typeof tf.Mean | typeof tf.Sum, divideByCount: boolean): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const axes = tf.util.parseAxisParam((attrs as unknown as tf.SumAttrs).axis, x.shape);
      const expanded = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const reduceSize = x.size / Math.max(1, tf.util.sizeFromShape(expanded));
      return {
        x: () => {
          const g = tf.reshape(dy as tf.Tensor, expanded);
          return tf.broadcastTo(divideByCount ? tf.div(g, reduceSize) : g, x.shape);
        },
      };
    },
  };
}

export const meanGradConfig = reduceGradConfig(tf.Mean, true);
export const sumGradConfig = reduceGradConfig(tf.Sum, false);
