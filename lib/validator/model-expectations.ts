// What a submitted model must be for the round it is scored in: the dataset's
// image shape and class count, and the size limits of the validation config.
import type { ValiConfig } from '../core/vali-config.js';
import type { ImageDataset } from '../data/types.js';

/** model.json is topology plus a manifest: tens of kB for a deep net; 1 MiB is generous. */
export const MAX_MODEL_JSON_BYTES = 1024 * 1024;
/** Nested models deeper than this are not a small image classifier; it also bounds recursion. */
export const MAX_MODEL_NESTING = 4;

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
    inputShape: [dataset.height, dataset.width, dataset.channels],
    numClasses: dataset.numClasses,
    maxWeightBytes: vali.maxDownloadBytes,
    maxModelJsonBytes: MAX_MODEL_JSON_BYTES,
  };
}
