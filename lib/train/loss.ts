// The recipe's loss: softmax cross-entropy on logits, mean over the batch
// (PyTorch nn.CrossEntropyLoss with integer class targets).
import * as tf from '@tensorflow/tfjs-core';

export function softmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const logProbs = tf.logSoftmax(logits);
    const picked = tf.sum(tf.mul(logProbs, tf.oneHot(labels, logits.shape[1])), 1);
    return tf.neg(tf.mean(picked)) as tf.Scalar;
  });
}
