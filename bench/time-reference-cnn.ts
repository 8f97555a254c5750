// Times the reference CNN on the active tfjs backend: training steps (SGD,
// softmax cross-entropy) and inference, random 28x28x1 images, the median of
// several timed runs after warm-up. Reads are async (`await data()`) so the
// same code times webgpu, where a read is also the wait for the GPU.
import * as tf from '@tensorflow/tfjs-core';
import { makeRng } from '../lib/core/rng.js';
import { referenceCnn } from './reference-cnn.js';

export interface ModelTiming {
  trainImagesPerSec: number;
  inferImagesPerSec: number;
  trainMsPerStep: number;
  inferMsPerBatch: number;
  runs: number;
}

function randomBatch(n: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const rng = makeRng(seed);
  const xs = new Float32Array(n * 28 * 28);
  for (let i = 0; i < xs.length; i++) xs[i] = rng.next();
  const labels = Int32Array.from({ length: n }, () => rng.int(10));
  return { x: tf.tensor4d(xs, [n, 28, 28, 1]), y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10) as tf.Tensor2D) };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function timed(runs: number, warmup: number, fn: () => Promise<void>): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

export async function timeReferenceCnn(opts: { trainBatch: number; inferBatch: number; runs: number; warmup: number; seed?: number }): Promise<ModelTiming> {
  const seed = opts.seed ?? 0;
  const model = referenceCnn();
  const opt = tf.train.sgd(0.01);
  const train = randomBatch(opts.trainBatch, seed);
  const infer = randomBatch(opts.inferBatch, seed + 1);
  try {
    const trainMs = await timed(opts.runs, opts.warmup, async () => {
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(train.y, model.apply(train.x, { training: true }) as tf.Tensor) as tf.Scalar, true);
      await loss?.data();
      loss?.dispose();
    });
    const inferMs = await timed(opts.runs, opts.warmup, async () => {
      const p = model.predict(infer.x) as tf.Tensor;
      await p.data();
      p.dispose();
    });
    return {
      trainImagesPerSec: opts.trainBatch / (trainMs / 1000),
      inferImagesPerSec: opts.inferBatch / (inferMs / 1000),
      trainMsPerStep: trainMs,
      inferMsPerBatch: inferMs,
      runs: opts.runs,
    };
  } finally {
    tf.dispose([train.x, train.y, infer.x, infer.y]);
    opt.dispose();
    model.dispose();
  }
}
