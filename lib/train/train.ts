// The training loop of the validation recipe (UPSTREAM.md "The training
// recipe"): re-initialise, then for each epoch SGD with momentum and weight
// decay, cosine learning rate, global-norm clipping and softmax cross-entropy,
// BN in training mode; finally test accuracy in inference mode. Every number
// comes from the ValiConfig; every random draw from its seed:
//   weights      rngFor(seed, 'init')
//   data order   rngFor(seed, `epoch${e}/order`) (only when config.shuffle)
//   augmentation rngFor(seed, `epoch${e}/batch${b}/aug`)
// Tensor values are read with await t.data() only (backends with async-only reads).
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { NaschainError, invalid } from '../core/errors.js';
import { rngFor } from '../core/rng.js';
import type { ValiConfig } from '../core/vali-config.js';
import type { ImageDataset, ImageSplit } from '../data/types.js';
import { accuracy } from '../eval/accuracy.js';
import { clipByGlobalNorm } from './clip.js';
import { batchesOf, epochOrder } from './data-order.js';
import { softmaxCrossEntropy } from './loss.js';
import type { ProgressListener } from './progress.js';
import { trainBatch } from '../data/augment.js';
import { dimsOf, normalisationOf } from './inputs.js';
import { reinitialize } from './reinit.js';
import { cosineLr } from './schedule.js';
import { Sgd } from './sgd.js';

export interface TrainOptions {
  /** Overrides config.trainEpochs. */
  epochs?: number;
  /** Overrides config.learningRate (a miner's committed rate). */
  learningRate?: number;
  /** Train on the first `subset` training images only. */
  subset?: number;
  /** Re-initialise the weights first as upstream does before a retrain (default true). */
  reinit?: boolean;
  /** Measure test accuracy at the end (default true). */
  evaluate?: boolean;
  progress?: ProgressListener;
  signal?: AbortSignal;
}

export interface EpochStats {
  loss: number;
  /** Percent of training images classified correctly during the epoch (augmented, training-mode BN). */
  trainAcc: number;
  lr: number;
  imagesPerSec: number;
  seconds: number;
}

export interface TrainResult {
  epochs: EpochStats[];
  /** Percent, exact; NaN when evaluate is false. */
  testAccuracy: number;
  trainImages: number;
  seconds: number;
}

function firstImages(split: ImageSplit, n: number, px: number): ImageSplit {
  if (n >= split.count) return split;
  return { images: split.images.subarray(0, n * px), labels: split.labels.subarray(0, n), count: n };
}

export async function train(model: tfl.LayersModel, dataset: ImageDataset, config: ValiConfig, opts: TrainOptions = {}): Promise<TrainResult> {
  const epochs = opts.epochs ?? config.trainEpochs;
  const baseLr = opts.learningRate ?? config.learningRate;
  if (!Number.isInteger(epochs) || epochs <= 0) throw invalid('epochs', epochs, 'a positive integer');
  if (!(baseLr > 0 && Number.isFinite(baseLr))) throw invalid('learning rate', baseLr, 'a positive number');
  if (opts.subset !== undefined && !(Number.isInteger(opts.subset) && opts.subset > 0)) throw invalid('train subset', opts.subset, 'a positive integer');
  const dims = dimsOf(dataset);
  const norm = normalisationOf(config, dataset);
  const px = dims.height * dims.width * dims.channels;
  const split = firstImages(dataset.train, opts.subset ?? dataset.train.count, px);
  const started = performance.now();

  if (opts.reinit ?? true) reinitialize(model, rngFor(config.seed, 'init'));
  const vars: Record<string, tf.Variable> = {};
  for (const w of model.trainableWeights) {
    const v = w.read() as tf.Variable; // a LayerVariable's value is the tf.Variable itself
    if (vars[v.name] !== undefined) throw new NaschainError('INTERNAL', `train: two trainable weights share the variable name ${v.name}`);
    vars[v.name] = v;
  }
  const varList = Object.values(vars);
  const sgd = new Sgd({ momentum: config.momentum, weightDecay: config.weightDecay });
  const stats: EpochStats[] = [];
  const input = new Float32Array(Math.min(config.batchSize, split.count) * px);
  // Running sums of the epoch, kept on the device; disposed in finally if aborted.
  let lossSum: tf.Scalar | undefined;
  let correctSum: tf.Scalar | undefined;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const lr = cosineLr(baseLr, epoch, epochs, config.schedule);
      const batches = batchesOf(epochOrder(split.count, epoch, config.shuffle, config.seed), config.batchSize);
      const t0 = performance.now();
      lossSum = tf.scalar(0);
      correctSum = tf.scalar(0);
      let seen = 0;
      let lastRead = t0;
      for (let b = 0; b < batches.length; b++) {
        // cpu and wasm kernels run synchronously: yield to the event loop every batch (a few
        // microseconds against milliseconds of training) so that an abort or a SIGINT/SIGTERM
        // handler (lib/cli/interrupt.ts) runs within a batch, whoever called train.
        await new Promise<void>((resolve) => setImmediate(resolve));
        opts.signal?.throwIfAborted();
        const indices = batches[b] as Int32Array;
        const n = indices.length;
        const data = trainBatch(split, dims, indices, config.augmentation, norm, rngFor(config.seed, `epoch${epoch}/batch${b}/aug`), input.subarray(0, n * px));
        const labelValues = Int32Array.from(indices, (i) => split.labels[i] as number);
        const [nextLoss, nextCorrect] = tf.tidy(() => {
          const x = tf.tensor4d(data, [n, dims.height, dims.width, dims.channels]);
          const y = tf.tensor1d(labelValues, 'int32');
          // The gradient scope disposes what f makes except its result: keep the correct count.
          let kept: tf.Scalar | undefined;
          const { value, grads } = tf.variableGrads(() => {
            const logits = model.apply(x, { training: true }) as tf.Tensor2D;
            kept = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), y), 'float32'))) as tf.Scalar;
            return softmaxCrossEntropy(logits, y);
          }, varList);
          const correct = tf.clone(kept as tf.Scalar);
          kept?.dispose();
          const clipped = clipByGlobalNorm(grads, config.clipNorm);
          sgd.step(vars, clipped.grads, lr);
          return [tf.add(lossSum as tf.Scalar, tf.mul(value, n)) as tf.Scalar, tf.add(correctSum as tf.Scalar, correct) as tf.Scalar];
        });
        lossSum?.dispose();
        correctSum?.dispose();
        lossSum = nextLoss;
        correctSum = nextCorrect;
        seen += n;
        const now = performance.now();
        // Reading back is a sync point; do it for progress about once a second and at the end.
        if (opts.progress?.onBatch && (now - lastRead > 1000 || b === batches.length - 1)) {
          lastRead = now;
          const [l, c] = await Promise.all([lossSum.data(), correctSum.data()]);
          const perSec = (seen * 1000) / (now - t0);
          const left = (batches.length - b - 1) * (now - t0) / (b + 1) / 1000 + (epochs - epoch - 1) * split.count / perSec;
          opts.progress.onBatch({ epoch, epochs, batch: b + 1, batches: batches.length, loss: (l[0] as number) / seen, trainAcc: (100 * (c[0] as number)) / seen, imagesPerSec: perSec, etaSec: left });
        }
      }
      const [l, c] = await Promise.all([lossSum.data(), correctSum.data()]);
      lossSum.dispose();
      correctSum.dispose();
      lossSum = correctSum = undefined;
      const seconds = (performance.now() - t0) / 1000;
      const epochStats: EpochStats = { loss: (l[0] as number) / seen, trainAcc: (100 * (c[0] as number)) / seen, lr, imagesPerSec: seen / seconds, seconds };
      stats.push(epochStats);
      opts.progress?.onEpoch?.({ epoch, epochs, ...epochStats });
    }
  } finally {
    lossSum?.dispose();
    correctSum?.dispose();
    sgd.dispose();
  }
  opts.signal?.throwIfAborted();
  const testAccuracy = (opts.evaluate ?? true) ? await accuracy(model, dataset.test, dims, norm) : Number.NaN;
  return { epochs: stats, testAccuracy, trainImages: split.count, seconds: (performance.now() - started) / 1000 };
}
