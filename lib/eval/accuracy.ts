// Test accuracy as upstream measures it: 100 * correct / total over a split,
// inference mode (BN uses its moving statistics), exact float.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ImageSplit } from '../data/types.js';
import { invalid } from '../core/errors.js';
import { testBatch, type ImageDims, type Normalisation } from '../data/augment.js';

/** Percent of `split` classified correctly (argmax of the logits). Reads values asynchronously only. */
export async function accuracy(model: tfl.LayersModel, split: ImageSplit, dims: ImageDims, norm: Normalisation, batchSize = 256): Promise<number> {
  if (split.count <= 0) throw invalid('accuracy split size', split.count, 'at least one image');
  if (!Number.isInteger(batchSize) || batchSize <= 0) throw invalid('accuracy batch size', batchSize, 'a positive integer');
  const px = dims.height * dims.width * dims.channels;
  let correct = 0;
  const buffer = new Float32Array(Math.min(batchSize, split.count) * px);
  for (let start = 0; start < split.count; start += batchSize) {
    const n = Math.min(batchSize, split.count - start);
    const indices = Int32Array.from({ length: n }, (_, i) => start + i);
    const data = testBatch(split, dims, indices, norm, buffer.subarray(0, n * px));
    const predicted = tf.tidy(() => {
      const x = tf.tensor4d(data, [n, dims.height, dims.width, dims.channels]);
      const logits = model.apply(x, { training: false }) as tf.Tensor;
      return tf.argMax(logits, -1);
    });
    const values = await predicted.data();
    predicted.dispose();
    for (let i = 0; i < n; i++) if (values[i] === split.labels[start + i]) correct++;
  }
  return (100 * correct) / split.count;
}
