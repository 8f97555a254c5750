// How long each evaluation and retrain of a submitted model may run before its
// worker is killed. The default is derived from the work the job has to do,
// with a wide margin, so that an honest model never meets it and a model that
// is slow beyond its size (a layer reused thousands of times, a kernel the
// backend runs badly) is stopped:
//
//   evaluate: baseMs, revised once the job has counted the model's MACs to
//             baseMs + testImages x (msPerImage + MACs x nsPerMac)
//   retrain:  baseMs + epochs x trainImages x (msPerImage + 3 x MACs x nsPerMac)
//             + the two accuracy passes at the evaluation rate
//
// (training an image costs about 3 forward passes). Measured on wasm (1
// thread, 2 shared cores): the fixtures evaluate 2,000 images at 0.03 ms per
// image and retrain at 0.24 ms per image-pass, about 0.5-1 GMAC/s; the
// defaults allow 1 ms per image plus 2 ns per MAC (0.5 GMAC/s). The cpu
// backend trains ~70x slower than wasm: give it --retrain-timeout.
import type { ValiConfig } from '../../core/vali-config.js';
import type { ImageDataset } from '../../data/types.js';
import { formatMs, type Deadline, type JobNote } from '../../worker/job-runner.js';
import { TRAIN_ACCURACY_IMAGES } from './retrain-submission.js';

export interface DeadlineRates {
  /** Fixed allowance of every job: worker hand-over, loading, checks, MAC count. */
  baseMs: number;
  /** Per image and pass, whatever the model's size (kernel launch and batching overhead). */
  msPerImage: number;
  /** Per multiply-accumulate of one forward pass. */
  nsPerMac: number;
}

export const DEFAULT_DEADLINE_RATES: DeadlineRates = { baseMs: 60_000, msPerImage: 1, nsPerMac: 2 };

/** What a round asks for the deadline of each job. */
export interface DeadlinePolicy {
  /** `dir`: the submission's model folder. */
  evaluate(dir: string): Deadline;
  /** `macs`: the exact MAC count its evaluation measured. */
  retrain(dir: string, macs: number): Deadline;
}

export interface FixedDeadlines {
  /** One deadline for every evaluation (--eval-timeout), replacing the derived one. */
  evaluateMs?: number;
  /** One deadline for every retrain (--retrain-timeout). */
  retrainMs?: number;
}

export function workDeadlines(
  config: Pick<ValiConfig, 'trainEpochs'>, dataset: { train: Pick<ImageDataset['train'], 'count'>; test: Pick<ImageDataset['test'], 'count'> },
  fixed: FixedDeadlines = {}, rates: DeadlineRates = DEFAULT_DEADLINE_RATES,
): DeadlinePolicy {
  const pass = (images: number, macs: number, factor: number) => images * (rates.msPerImage + (factor * macs * rates.nsPerMac) / 1e6);
  const base = `${formatMs(rates.baseMs)} allowance`;
  const rate = (macs: number, factor: number) => `${rates.msPerImage} ms/image + ${factor > 1 ? `${factor} x ` : ''}${macs} MACs x ${rates.nsPerMac} ns`;
  const testImages = dataset.test.count;
  const trainPasses = config.trainEpochs * dataset.train.count;
  const checkImages = testImages + Math.min(TRAIN_ACCURACY_IMAGES, dataset.train.count);
  return {
    evaluate: () => {
      if (fixed.evaluateMs !== undefined) return { ms: fixed.evaluateMs, why: '--eval-timeout' };
      return {
        ms: rates.baseMs,
        why: `${base}; the MAC count was not reached`,
        revise: (note: JobNote) => (typeof note.macs === 'number' && Number.isFinite(note.macs)
          ? { ms: rates.baseMs + pass(testImages, note.macs, 1), why: `${base} + ${testImages} test images at ${rate(note.macs, 1)}` }
          : undefined),
      };
    },
    retrain: (_dir, macs) => {
      if (fixed.retrainMs !== undefined) return { ms: fixed.retrainMs, why: '--retrain-timeout' };
      return {
        ms: rates.baseMs + pass(trainPasses, macs, 3) + pass(checkImages, macs, 1),
        why: `${base} + ${config.trainEpochs} epochs x ${dataset.train.count} images at ${rate(macs, 3)} + ${checkImages} images to measure`,
      };
    },
  };
}
