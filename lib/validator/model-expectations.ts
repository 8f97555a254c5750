// What a submitted model must be for the round it is scored in: the dataset's
// image shape and class count, and the size limits of the validation config
// and of a small image classifier (tighter than the loader's general ones).
import type { ValiConfig } from '../core/vali-config.js';
import type { ImageDataset } from '../data/types.js';
import { imageShapeOf } from '../eval/metrics.js';
import type { LoadLimits } from '../model/load/load-policy.js';

/** model.json is topology plus a manifest: tens of kB for a deep net; 1 MiB is generous. */
export const MAX_MODEL_JSON_BYTES = 1024 * 1024;
/** Nested models deeper than this are not a small image classifier; it also bounds recursion. */
export const MAX_MODEL_NESTING = 4;

/** Calls of one layer (see LoadLimits.maxLayerUses); honest models call each layer once. */
export const MAX_LAYER_USES = 16;
/**
 * Layer calls in the whole model, nested models expanded. ResNet-20 makes
 * about 70; a searched cell network a few hundred; 2,048 leaves room while
 * bounding what the 1 MiB model.json could otherwise hold (about 60,000).
 */
export const MAX_LAYER_CALLS = 2048;

/**
 * Upper bound of the activations one image makes, summed over every call of
 * every layer (float32 elements; a layer called twice counts twice). ZeroPadding2D or Concatenate chains add no
 * weights and no MACs yet can make activations explode at evaluation time;
 * ResNet-20 on 32x32x3 makes about 0.7M, so 16M (64 MB a image) is generous.
 */
export const MAX_ACTIVATION_ELEMENTS = 16 * 1024 * 1024;

export interface ModelExpectations {
  /** [height, width, channels]; the model's input must be [null, ...this]. */
  inputShape: [number, number, number];
  /** The model's single output must be [null, numClasses]. */
  numClasses: number;
  /** Upper bound of the declared float32 weight bytes (the config's maxDownloadBytes). */
  maxWeightBytes: number;
  maxModelJsonBytes: number;
}

export function modelExpectations(
  vali: Pick<ValiConfig, 'maxDownloadBytes'>,
  dataset: Pick<ImageDataset, 'height' | 'width' | 'channels' | 'numClasses'>,
): ModelExpectations {
  return {
    inputShape: imageShapeOf(dataset),
    numClasses: dataset.numClasses,
    maxWeightBytes: vali.maxDownloadBytes,
    maxModelJsonBytes: MAX_MODEL_JSON_BYTES,
  };
}

/** The loader's limits for a submission: the config's download size, and the caps above. */
export function submissionLimits(expect: Pick<ModelExpectations, 'maxWeightBytes' | 'maxModelJsonBytes'>): LoadLimits {
  return {
    maxModelJsonBytes: expect.maxModelJsonBytes,
    maxWeightBytes: expect.maxWeightBytes,
    maxModelNesting: MAX_MODEL_NESTING,
    maxLayerUses: MAX_LAYER_USES,
    maxLayerCalls: MAX_LAYER_CALLS,
    maxActivationElements: MAX_ACTIVATION_ELEMENTS,
  };
}
