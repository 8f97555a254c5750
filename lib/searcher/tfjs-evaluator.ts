// The real evaluator: genome -> model (lib/model), params and MACs (lib/eval),
// training with the validation recipe (lib/train). Fidelity runs train on the
// first N training images and are scored on a held-out slice at the end of the
// training split (never the test set, which only the final recipe reports);
// they use the 'standard' cosine schedule because upstream's quirk trains a
// 1-epoch run at lr 0. A rung's smaller batch gets the learning rate scaled
// with it (linear scaling: batch 32 trains at lr/4 of the recipe's batch 128),
// else the rungs train 4x hotter than the recipe and rank deep models low.
// Every model is disposed and the tensor count checked.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { NaschainError } from '../core/errors.js';
import { crashPoint, CRASH_POINTS } from '../core/crash-point.js';
import { rngFor } from '../core/rng.js';
import type { ValiConfig } from '../core/vali-config.js';
import type { ImageDataset, ImageSplit } from '../data/types.js';
import { imageShapeOf, measureModel } from '../eval/metrics.js';
import { architectureKey } from '../model/architecture-key.js';
import { buildGenomeModel, disposeGenomeModel } from '../model/genome-model.js';
import { saveModelDir } from '../model/model-dir.js';
import { genomeHash, type Genome } from '../search/genome.js';
import type { SearchSpace } from '../search/space.js';
import { train } from '../train/train.js';
import type { Evaluator, Fidelity, Measured, TrainOutcome } from './types.js';

export interface TfjsEvaluatorOptions {
  space: SearchSpace;
  dataset: ImageDataset;
  /** The validation recipe (final training uses it as is). */
  config: ValiConfig;
  /** Training images held out to score fidelity runs. */
  holdout: number;
  /** Seeds the builders' initialisers (the trainer re-initialises from config.seed as the validator does). */
  seed: number;
}

/** Specs kill a search here: a candidate trained, its record not yet written (lib/core/crash-point.ts). */
const CRASH_AT_EPOCH_END = { onEpoch: () => crashPoint(CRASH_POINTS.searchEvaluation) };

function slice(split: ImageSplit, from: number, to: number, px: number): ImageSplit {
  return { images: split.images.subarray(from * px, to * px), labels: split.labels.subarray(from, to), count: to - from };
}

export class TfjsEvaluator implements Evaluator {
  private readonly fidelityData: ImageDataset;

  constructor(private readonly o: TfjsEvaluatorOptions) {
    const d = o.dataset;
    const px = d.height * d.width * d.channels;
    const n = d.train.count;
    const holdout = Math.min(o.holdout, Math.floor(n / 5));
    this.fidelityData = { ...d, train: slice(d.train, 0, n - holdout, px), test: slice(d.train, n - holdout, n, px) };
  }

  get trainImages(): number { return this.o.dataset.train.count; }

  /** Upstream's schedule trains the last epoch at lr 0: a 1-epoch final run would not train at all. */
  get minFinalEpochs(): number { return this.o.config.schedule === 'upstream' ? 2 : 1; }

  private build(genome: Genome): tfl.LayersModel {
    return buildGenomeModel(this.o.space, genome, this.o.dataset, rngFor(this.o.seed, `build/${genomeHash(genome)}`));
  }

  measure(genome: Genome): Measured {
    const before = tf.memory().numTensors;
    const model = this.build(genome);
    try {
      const m = measureModel(model, imageShapeOf(this.o.dataset));
      return { params: m.params, macs: m.macs, paramsRounded: m.paramsRounded, macsRounded: m.macsRounded, architecture: architectureKey(model) };
    } finally {
      disposeGenomeModel(model);
      checkLeak(before, 'measuring');
    }
  }

  async evaluate(genome: Genome, f: Fidelity): Promise<TrainOutcome> {
    const batchSize = f.batchSize ?? this.o.config.batchSize;
    const learningRate = this.o.config.learningRate * (batchSize / this.o.config.batchSize);
    const config: ValiConfig = { ...this.o.config, schedule: 'standard', batchSize, learningRate };
    return this.trained(genome, async (model) => {
      const r = await train(model, this.fidelityData, config, { epochs: f.epochs, subset: f.trainImages, progress: CRASH_AT_EPOCH_END });
      return { accuracy: r.testAccuracy, seconds: r.seconds, losses: r.epochs.map((e) => e.loss) };
    });
  }

  async finalize(genome: Genome, epochs: number, dir: string): Promise<TrainOutcome> {
    return this.trained(genome, async (model) => {
      const r = await train(model, this.o.dataset, this.o.config, { epochs, progress: CRASH_AT_EPOCH_END });
      const losses = r.epochs.map((e) => e.loss);
      if (Number.isFinite(losses.at(-1))) await saveModelDir(model, dir);
      return { accuracy: r.testAccuracy, seconds: r.seconds, losses };
    });
  }

  private async trained(genome: Genome, fn: (m: tfl.LayersModel) => Promise<TrainOutcome & { losses: number[] }>): Promise<TrainOutcome> {
    const before = tf.memory().numTensors;
    const model = this.build(genome);
    let trained = false;
    try {
      const r = await fn(model);
      const last = r.losses.at(-1) ?? NaN;
      if (!Number.isFinite(last)) throw new NaschainError('INVALID', `training diverged: loss ${last}`);
      trained = true;
      return { accuracy: r.accuracy, seconds: r.seconds, losses: r.losses };
    } finally {
      disposeGenomeModel(model);
      // Only after a training that ended: a failed one's own error is the reason, not the tensors
      // it left behind (a leak check here once hid a crash behind "leaked 1699 tensors").
      if (trained) checkLeak(before, 'training');
    }
  }
}

function checkLeak(before: number, what: string): void {
  const after = tf.memory().numTensors;
  if (after !== before) throw new NaschainError('INTERNAL', `${what} a candidate leaked ${after - before} tensors`);
}
