// The two models the kernel profiles are taken on: the reference CNN of the
// bench (28x28x1, 10 classes) and a searched-model shape from the macro space
// (MobileNet-like: depthwise-separable and MBConv stages with
// squeeze-excitation, ~1M MACs class) at the validator's CIFAR-100 shape.
// The genome is written out here so the profile does not move when the
// searcher's seed list changes.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { makeRng } from '../../lib/core/rng.js';
import { buildGenomeModel, disposeGenomeModel, type NetworkIo } from '../../lib/model/genome-model.js';
import type { Genome } from '../../lib/search/genome.js';
import { loadSearchSpace } from '../../lib/search/space-file.js';
import { referenceCnn } from '../reference-cnn.js';

export interface ProfileModel {
  name: string;
  io: NetworkIo;
  build(): tfl.LayersModel;
  dispose(m: tfl.LayersModel): void;
}

function stage(i: number, block: string, depth: number, width: number, down: boolean, expansion = 1, se = false): Genome {
  return { [`s${i}_block`]: block, [`s${i}_depth`]: depth, [`s${i}_width`]: width, [`s${i}_downsample`]: down, [`s${i}_kernel`]: 3, [`s${i}_se`]: se, [`s${i}_expansion`]: expansion };
}

/** Depthwise-separable stem stage, two MBConv stages (expansion 3, one with SE), a depthwise-separable head stage. */
export const MBCONV_GENOME: Genome = {
  stem_width: 16,
  ...stage(1, 'dwsep', 1, 24, true),
  ...stage(2, 'mbconv', 2, 32, false, 3),
  ...stage(3, 'mbconv', 2, 48, true, 3, true),
  ...stage(4, 'dwsep', 1, 64, false),
};

export const PROFILE_MODELS: readonly ProfileModel[] = [
  {
    name: 'reference-cnn',
    io: { height: 28, width: 28, channels: 1, numClasses: 10 },
    build: referenceCnn,
    dispose: (m) => m.dispose(),
  },
  {
    name: 'mbconv',
    io: { height: 32, width: 32, channels: 3, numClasses: 100 },
    build: () => buildGenomeModel(loadSearchSpace('macro'), MBCONV_GENOME, { height: 32, width: 32, channels: 3, numClasses: 100 }, makeRng(0)),
    dispose: disposeGenomeModel,
  },
];

/** Random images and one-hot labels of a model's shape (seeded). */
export function randomBatch(io: NetworkIo, n: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  const rng = makeRng(seed);
  const xs = new Float32Array(n * io.height * io.width * io.channels);
  for (let i = 0; i < xs.length; i++) xs[i] = rng.next();
  const labels = Int32Array.from({ length: n }, () => rng.int(io.numClasses));
  return {
    x: tf.tensor4d(xs, [n, io.height, io.width, io.channels]),
    y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), io.numClasses) as tf.Tensor2D),
  };
}

/** One SGD training step (softmax cross-entropy); returns the loss tensor, unread. */
export function trainStep(model: tfl.LayersModel, opt: tf.Optimizer, x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true) as tf.Scalar;
}
