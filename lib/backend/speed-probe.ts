// A quick training-speed measurement on the active backend: a small conv net
// (the shape of the layers NAS candidates use: conv3x3+BN+ReLU, pooling, dense)
// trained for a few steps on random 28x28x1 images. `auto` and `doctor` use
// it to rank backends by measurement instead of by guess.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { invalid } from '../core/errors.js';
import { makeRng } from '../core/rng.js';

export interface SpeedOptions {
  /** Images per step (default 16). */
  batch?: number;
  /** Timed steps at most, after one warm-up step (default 8). */
  maxSteps?: number;
  /** Stop timing once this much wall time is spent (default 1500 ms). When the warm-up step alone takes longer, its time is the estimate (a slow backend is then ranked by one step, which is enough to rank it last). */
  budgetMs?: number;
  /** Seed of the weights and the random images (default 0). */
  seed?: number;
}

export interface SpeedResult {
  imagesPerSec: number;
  /** Median milliseconds of one timed training step. */
  msPerStep: number;
  /** 0 when the warm-up step exceeded the budget and its time is the estimate. */
  timedSteps: number;
  batch: number;
}

/** The probe model: conv3x3 16 + BN + ReLU, maxpool, conv3x3 32 + BN + ReLU, global average pool, dense 10. */
export function speedProbeModel(seed: number): tfl.LayersModel {
  const rng = makeRng(seed);
  const init = () => tfl.initializers.glorotUniform({ seed: rng.int(2 ** 31) });
  const input = tfl.input({ shape: [28, 28, 1] });
  let y = input;
  for (const [i, filters] of [16, 32].entries()) {
    y = tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init() }).apply(y) as tfl.SymbolicTensor;
    y = tfl.layers.batchNormalization().apply(y) as tfl.SymbolicTensor;
    y = tfl.layers.reLU().apply(y) as tfl.SymbolicTensor;
    if (i === 0) y = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(y) as tfl.SymbolicTensor;
  }
  y = tfl.layers.globalAveragePooling2d({}).apply(y) as tfl.SymbolicTensor;
  const logits = tfl.layers.dense({ units: 10, kernelInitializer: init() }).apply(y) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits });
}

/** Trains the probe model on the active backend and returns its median step speed. Creates and disposes its own tensors. */
export async function measureTrainingSpeed(opts: SpeedOptions = {}): Promise<SpeedResult> {
  const batch = opts.batch ?? 16;
  const maxSteps = opts.maxSteps ?? 8;
  const budgetMs = opts.budgetMs ?? 1500;
  if (!Number.isInteger(batch) || batch < 1) throw invalid('speed probe batch', batch, 'a positive integer');
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw invalid('speed probe maxSteps', maxSteps, 'a positive integer');
  const seed = opts.seed ?? 0;
  const rng = makeRng(seed);
  const xs = new Float32Array(batch * 28 * 28);
  for (let i = 0; i < xs.length; i++) xs[i] = rng.next();
  const labels = Int32Array.from({ length: batch }, () => rng.int(10));
  const model = speedProbeModel(seed);
  const opt = tf.train.sgd(0.01);
  const x = tf.tensor4d(xs, [batch, 28, 28, 1]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10));
  const step = async (): Promise<void> => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true);
    // An async read: it is the only kind webgpu supports, and it waits for the GPU to finish.
    await loss?.data();
    loss?.dispose();
  };
  try {
    const w0 = performance.now();
    await step(); // warm-up: shader/operator compilation, first allocations
    const warmMs = performance.now() - w0;
    if (warmMs > budgetMs) return { imagesPerSec: batch / (warmMs / 1000), msPerStep: warmMs, timedSteps: 0, batch };
    const times: number[] = [];
    const start = performance.now();
    while (times.length < maxSteps && (times.length === 0 || performance.now() - start < budgetMs)) {
      const t0 = performance.now();
      await step();
      times.push(performance.now() - t0);
    }
    const ms = median(times);
    return { imagesPerSec: batch / (ms / 1000), msPerStep: ms, timedSteps: times.length, batch };
  } finally {
    tf.dispose([x, y]);
    opt.dispose();
    model.dispose();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
