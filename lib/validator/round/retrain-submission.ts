// Upstream's leak guard for one model: load it fresh, re-initialise every
// weight, train with the validation recipe (the miner's committed learning
// rate, else the config's; the config's epochs and seed), then measure test
// accuracy and, beyond upstream, training-set accuracy in inference mode on the
// first TRAIN_ACCURACY_IMAGES training images. A large train - test gap after
// an honest retrain says the architecture overfits; the submitted-vs-retrained
// drop is what exposes a model trained on the test set.
import * as tf from '@tensorflow/tfjs-core';
import { rngFor } from '../../core/rng.js';
import type { ValiConfig } from '../../core/vali-config.js';
import type { ImageDataset, ImageSplit } from '../../data/types.js';
import { accuracy } from '../../eval/accuracy.js';
import { floorAccuracy } from '../../eval/rounding.js';
import { dimsOf, normalisationOf } from '../../train/inputs.js';
import { reinitialize } from '../../train/reinit.js';
import { train } from '../../train/train.js';
import { NaschainError } from '../../core/errors.js';
import { loadSubmittedModel } from '../submitted-model.js';
import { crashPoint, CRASH_POINTS } from '../../core/crash-point.js';
import type { ModelExpectations } from '../model-expectations.js';
import type { RetrainOutcome } from '../state-store.js';
import { evalBatchSize } from './eval-batch.js';

/** Training images whose accuracy (inference mode) gives the train side of the gap. */
export const TRAIN_ACCURACY_IMAGES = 2000;

/** Throws a NaschainError('INVALID') naming the submission when the model cannot be loaded or trained. */
export async function retrainSubmission(
  dir: string, expect: ModelExpectations, dataset: ImageDataset, config: ValiConfig, learningRate: number | null,
): Promise<RetrainOutcome> {
  const started = performance.now();
  const loaded = await loadSubmittedModel(dir, expect);
  if (!loaded.ok) throw new NaschainError('INVALID', `${loaded.reason}: ${loaded.message}`);
  const model = loaded.model;
  try {
    reinitialize(model, rngFor(config.seed, 'init'));
    // train() would re-initialise with the same draws; once is enough.
    await train(model, dataset, config, {
      learningRate: learningRate ?? config.learningRate, reinit: false, evaluate: false,
      progress: { onEpoch: () => crashPoint(CRASH_POINTS.retrainEpoch) },
    });
    const dims = dimsOf(dataset), norm = normalisationOf(config, dataset), batch = evalBatchSize(model);
    const testAcc = await accuracy(model, dataset.test, dims, norm, batch);
    const trainAcc = await accuracy(model, firstImages(dataset.train, TRAIN_ACCURACY_IMAGES, dataset), dims, norm, batch);
    if (!Number.isFinite(testAcc)) throw new NaschainError('INVALID', `${dir}: retrained test accuracy is ${testAcc}, expected a finite percent`);
    return {
      accuracy: testAcc, accuracyFloor: floorAccuracy(testAcc), trainAccuracy: trainAcc,
      retrainMs: Math.round(performance.now() - started), backend: tf.getBackend(),
    };
  } finally {
    model.dispose();
  }
}

function firstImages(split: ImageSplit, n: number, d: ImageDataset): ImageSplit {
  if (n >= split.count) return split;
  const px = d.height * d.width * d.channels;
  return { images: split.images.subarray(0, n * px), labels: split.labels.subarray(0, n), count: n };
}
