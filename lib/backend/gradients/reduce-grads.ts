// Gradients of Mean and Sum without a full-size tensor of ones. tfjs 4.22
// (tfjs-core, and the copy tfjs-layers' node bundle registers over it) builds
// dx = reshape(dy) * ones(x.shape) [/ n]: the ones are filled in JS and copied
// to the backend on every step, 19% of a reference-CNN training step on wasm
// (batch-norm moments take the mean of every activation). Broadcasting the
// reshaped gradient gives the same values, bit for bit (x*1 is exact).
import * as tf from '@tensorflow/tfjs-core';

function expandedShape(shape: number[], axisAttr: number | number[]): number[] {
  const axes = tf.util.parseAxisParam(axisAttr, shape);
  const out = shape.slice();
  for (const a of axes) out[a] = 1;
  return out;
}

export const meanGradConfig: tf.GradConfig = {
  kernelName: tf.Mean,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const { axis } = attrs as unknown as tf.MeanAttrs;
    const expanded = expandedShape(x.shape, axis);
    const reduceSize = x.size / Math.max(1, tf.util.sizeFromShape(expanded));
    return { x: () => tf.broadcastTo(tf.div(tf.reshape(dy as tf.Tensor, expanded), reduceSize), x.shape) };
  },
};

export const sumGradConfig: tf.GradConfig = {
  kernelName: tf.Sum,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved as [tf.Tensor];
    const { axis } = attrs as unknown as tf.SumAttrs;
    return { x: () => tf.broadcastTo(tf.reshape(dy as tf.Tensor, expandedShape(x.shape, axis)), x.shape) };
  },
};
